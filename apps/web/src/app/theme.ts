import { createTheme, defaultVariantColorsResolver, type VariantColorsResolver } from '@mantine/core';

/**
 * Returns Mantine's variant colours, but hovers a subtle button with the light background (shade 1):
 * Mantine's shade 2 under the shade 9 label gives 4.0:1 for blue, and shade 1 gives 4.9:1.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (input.variant !== 'subtle' || !(color in input.theme.colors)) return colors;
  return { ...colors, hover: `var(--mantine-color-${color}-light)` };
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
  },
});
