import { createTheme } from '@mantine/core';

// Darker shades than Mantine's defaults for filled buttons, light buttons and placeholders, so that text
// on them meets the WCAG AA contrast ratio of 4.5:1.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
  components: {
    Input: { styles: { input: { '--input-placeholder-color': 'var(--mantine-color-gray-7)' } } },
    Table: { styles: { caption: { color: 'var(--mantine-color-gray-8)' } } },
  },
});
