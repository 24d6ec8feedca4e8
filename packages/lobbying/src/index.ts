export { filingsPageSchema } from './filings';
export { filingToSilver, FilingParseError, LOBBYING_SILVER_COLUMNS, type LobbyingRows, type LobbyingSilverTable } from './silver';
export { generatedFiling } from './generate';
