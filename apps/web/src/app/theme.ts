import { createTheme, defaultVariantColorsResolver, type VariantColorsResolver } from '@mantine/core';

/**
 * Returns Mantine's variant colours, but hovers a subtle button with the light background (shade 1):
 * Mantine's shade 2 under the shade 9 label gives 4.0:1 for blue, and shade 1 gives 4.9:1. Light variants
 * (the current menu link among them) get the shade 9 label on shade 0, hovered with shade 1, for the same
 * reason.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (!(color in input.theme.colors)) return colors;
  if (input.variant === 'subtle') return { ...colors, hover: `var(--mantine-color-${color}-light)` };
  if (input.variant === 'light') {
    return {
      ...colors,
      background: `var(--mantine-color-${color}-0)`,
      hover: `var(--mantine-color-${color}-1)`,
      color: `var(--mantine-color-${color}-9)`,
    };
  }
  return colors;
};

// Darker shades than Mantine's defaults for filled buttons, light buttons, placeholders and menu labels, so
// that text on them meets the WCAG AA contrast ratio of 4.5:1.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
  variantColorResolver,
  components: {
    Input: { styles: { input: { '--input-placeholder-color': 'var(--mantine-color-gray-7)' } } },
    Table: { styles: { caption: { color: 'var(--mantine-color-gray-8)' } } },
    Menu: { styles: { label: { color: 'var(--mantine-color-gray-7)' } } },
    // Named, so that the current link takes its colours from variantColorResolver above.
    NavLink: { defaultProps: { variant: 'light' } },
  },
});
