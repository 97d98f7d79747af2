// Kept apart from the zod schemas so the web app's search box can share the limits without loading zod.
export const MIN_SEARCH_LENGTH = 2;
export const MAX_SEARCH_LENGTH = 100;
