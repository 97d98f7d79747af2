import { Command } from 'commander';

const program = new Command('cis').description(
  'Open CIS: meter-to-cash for electricity, gas and water utilities',
);
await program.parseAsync(process.argv);
