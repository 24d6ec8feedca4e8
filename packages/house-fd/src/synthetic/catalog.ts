/** Assets the generator trades: real issuers, the Clerk's way of writing them, some without a ticker. */
export interface CatalogAsset {
  name: string;
  ticker: string | null;
  assetType: string;
}

export const ASSETS: readonly CatalogAsset[] = [
  { name: 'Apple Inc. - Common Stock', ticker: 'AAPL', assetType: 'ST' },
  { name: 'Microsoft Corporation - Common Stock', ticker: 'MSFT', assetType: 'ST' },
  { name: 'NVIDIA Corporation - Common Stock', ticker: 'NVDA', assetType: 'ST' },
  { name: 'Alphabet Inc. - Class A Common Stock', ticker: 'GOOGL', assetType: 'ST' },
  { name: 'Amazon.com, Inc. - Common Stock', ticker: 'AMZN', assetType: 'ST' },
  { name: 'Meta Platforms, Inc. - Class A Common Stock', ticker: 'META', assetType: 'ST' },
  { name: 'Tesla, Inc. - Common Stock', ticker: 'TSLA', assetType: 'ST' },
  { name: 'Berkshire Hathaway Inc. New Common Stock', ticker: 'BRK.B', assetType: 'ST' },
  { name: 'JPMorgan Chase & Co. Common Stock', ticker: 'JPM', assetType: 'ST' },
  { name: 'Exxon Mobil Corporation Common Stock', ticker: 'XOM', assetType: 'ST' },
  { name: 'Lockheed Martin Corporation Common Stock', ticker: 'LMT', assetType: 'ST' },
  { name: 'Palantir Technologies Inc. - Class A Common Stock', ticker: 'PLTR', assetType: 'ST' },
  { name: 'Oracle Corporation - Common Stock', ticker: 'ORCL', assetType: 'ST' },
  { name: 'UnitedHealth Group Incorporated Common Stock', ticker: 'UNH', assetType: 'ST' },
  { name: 'Vanguard S&P 500 ETF', ticker: 'VOO', assetType: 'EF' },
  { name: 'SPDR S&P 500 ETF Trust', ticker: 'SPY', assetType: 'EF' },
  { name: 'iShares Bitcoin Trust ETF', ticker: 'IBIT', assetType: 'ST' },
  { name: 'NVIDIA Corporation - Common Stock', ticker: 'NVDA', assetType: 'OP' },
  { name: 'Microsoft Corporation - Common Stock', ticker: 'MSFT', assetType: 'OP' },
  { name: 'Fidelity Contrafund', ticker: 'FCNTX', assetType: 'MF' },
  { name: 'US Treasury Bill 4.25% Due 06/30/2026', ticker: null, assetType: 'GS' },
  { name: 'Los Angeles County CA Municipal Bond 5% Due 08/01/2031', ticker: null, assetType: 'GS' },
  { name: 'Farmland LLC, 50% Interest', ticker: null, assetType: 'FA' },
  { name: 'Private Equity Fund III, L.P.', ticker: null, assetType: 'OT' },
];

export const SUBHOLDINGS = ['Brokerage Account', 'Roth IRA', 'Spouse IRA', 'Family Trust', 'Schwab Joint Account'] as const;

export const DESCRIPTIONS = [
  'Purchased 20 call options with a strike price of $150 and an expiration date of 1/15/27.',
  'Sold 1,200 shares.',
  'Dividend reinvestment.',
  'Exercised 100 call options (10,000 shares) at a strike price of $45 with an expiration date of 12/19/25, purchased as part of a long-standing position held in the account.',
  'Exchanged shares in a corporate reorganization; the new shares were received in a tax-free exchange and no cash changed hands in the transaction reported here.',
  'Rebalancing by the account manager.',
] as const;

/** The Clerk's amount brackets, with how often the generator uses them. */
export const AMOUNT_BRACKETS: readonly (readonly [[number, number | null], number])[] = [
  [[1_001, 15_000], 40],
  [[15_001, 50_000], 20],
  [[50_001, 100_000], 12],
  [[100_001, 250_000], 8],
  [[250_001, 500_000], 6],
  [[500_001, 1_000_000], 4],
  [[1_000_001, 5_000_000], 3],
  [[5_000_001, 25_000_000], 1],
  [[25_000_001, 50_000_000], 0.5],
  [[50_000_001, null], 1.5],
];
