import type { Command } from 'commander';
import { auditQuerySchema, listAuditEvents } from '../../modules/audit/index.js';
import { withCompanyDatabase } from '../open-company-database.js';

type AuditListOptions = {
  company: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
  before?: string;
  limit: string;
};

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description("Read a company's audit trail");

  audit
    .command('list')
    .description('List audit events as JSON lines, newest first')
    .requiredOption('--company <code>', 'company code')
    .option('--entity-type <type>', 'entity type, such as bill, payment or customer')
    .option('--entity-id <id>', 'id of one entity')
    .option('--actor <id>', 'who made the change: an API key id, a user id or a system name')
    .option('--from <instant>', 'events at or after this instant, such as 2026-12-01T00:00:00Z')
    .option('--to <instant>', 'events before this instant')
    .option('--before <id>', 'events older than this event id (the next page)')
    .option('--limit <count>', 'events to list, 1 to 500', '100')
    .action((options: AuditListOptions) =>
      withCompanyDatabase(options.company, async ({ db, company }) => {
        const parsed = auditQuerySchema.safeParse({
          entityType: options.entityType,
          entityId: options.entityId,
          actorId: options.actor,
          from: options.from,
          to: options.to,
          before: options.before,
          limit: options.limit,
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = String(issue?.path[0] ?? '');
          const option =
            field === 'actorId' ? 'actor' : field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
          const givenValue = (options as Record<string, string | undefined>)[
            field === 'actorId' ? 'actor' : field
          ];
          const hints: Record<string, string> = {
            from: 'use an instant such as 2026-12-01T00:00:00Z',
            to: 'use an instant such as 2026-12-01T00:00:00Z',
            limit: 'use a whole number from 1 to 500',
            before: 'use the event id that "More events" printed',
          };
          const hint = hints[field] ? `; ${hints[field]}` : '';
          throw new Error(
            `Invalid --${option} "${givenValue ?? ''}": ${issue?.message ?? 'bad value'}${hint}.`,
          );
        }
        const page = await listAuditEvents(db, company.id, parsed.data, ['*']);
        for (const event of page.items) process.stdout.write(`${JSON.stringify(event)}\n`);
        if (page.nextBefore) process.stderr.write(`More events: add --before ${page.nextBefore}\n`);
      }),
    );
}
