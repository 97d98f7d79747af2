export { searchRecords } from './app/search-records.js';
export { searchRoutes } from './http/search-routes.js';
export type { SearchInput, SearchResultItem } from './domain/search-schemas.js';
