export { searchRecords } from './app/search-records.js';
export {
  anyAccountIdMatching,
  anyCustomerIdMatching,
  anyMeterIdMatching,
  anyPremiseIdMatching,
} from './db/list-search-ids.js';
export { searchRoutes } from './http/search-routes.js';
export type { SearchInput, SearchResultItem } from './domain/search-schemas.js';
