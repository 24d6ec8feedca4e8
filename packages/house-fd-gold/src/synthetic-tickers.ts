/**
 * Tickers for generated data: common real symbols first (they take the head of the zipf-like
 * popularity curve, as in real PTRs), then made-up 'SY…' symbols that no exchange lists.
 */
const REAL: [string, string][] = [
  ['AAPL', 'Apple Inc.'],
  ['MSFT', 'Microsoft Corporation'],
  ['NVDA', 'NVIDIA Corporation'],
  ['AMZN', 'Amazon.com, Inc.'],
  ['GOOGL', 'Alphabet Inc. - Class A'],
  ['META', 'Meta Platforms, Inc.'],
  ['TSLA', 'Tesla, Inc.'],
  ['BRK.B', 'Berkshire Hathaway Inc. - Class B'],
  ['JPM', 'JPMorgan Chase & Co.'],
  ['V', 'Visa Inc.'],
  ['UNH', 'UnitedHealth Group Incorporated'],
  ['XOM', 'Exxon Mobil Corporation'],
  ['JNJ', 'Johnson & Johnson'],
  ['MA', 'Mastercard Incorporated'],
  ['PG', 'Procter & Gamble Company'],
  ['AVGO', 'Broadcom Inc.'],
  ['HD', 'Home Depot, Inc.'],
  ['CVX', 'Chevron Corporation'],
  ['MRK', 'Merck & Co., Inc.'],
  ['ABBV', 'AbbVie Inc.'],
  ['COST', 'Costco Wholesale Corporation'],
  ['PEP', 'PepsiCo, Inc.'],
  ['KO', 'Coca-Cola Company'],
  ['ADBE', 'Adobe Inc.'],
  ['WMT', 'Walmart Inc.'],
  ['BAC', 'Bank of America Corporation'],
  ['CRM', 'Salesforce, Inc.'],
  ['MCD', "McDonald's Corporation"],
  ['CSCO', 'Cisco Systems, Inc.'],
  ['ACN', 'Accenture plc'],
  ['TMO', 'Thermo Fisher Scientific Inc.'],
  ['LIN', 'Linde plc'],
  ['ABT', 'Abbott Laboratories'],
  ['NFLX', 'Netflix, Inc.'],
  ['AMD', 'Advanced Micro Devices, Inc.'],
  ['DIS', 'Walt Disney Company'],
  ['ORCL', 'Oracle Corporation'],
  ['WFC', 'Wells Fargo & Company'],
  ['DHR', 'Danaher Corporation'],
  ['INTC', 'Intel Corporation'],
  ['VZ', 'Verizon Communications Inc.'],
  ['CMCSA', 'Comcast Corporation - Class A'],
  ['TXN', 'Texas Instruments Incorporated'],
  ['PFE', 'Pfizer Inc.'],
  ['NKE', 'NIKE, Inc.'],
  ['PM', 'Philip Morris International Inc.'],
  ['INTU', 'Intuit Inc.'],
  ['UPS', 'United Parcel Service, Inc.'],
  ['QCOM', 'QUALCOMM Incorporated'],
  ['IBM', 'International Business Machines Corporation'],
  ['MS', 'Morgan Stanley'],
  ['GS', 'Goldman Sachs Group, Inc.'],
  ['CAT', 'Caterpillar Inc.'],
  ['BA', 'Boeing Company'],
  ['AMGN', 'Amgen Inc.'],
  ['HON', 'Honeywell International Inc.'],
  ['GE', 'GE Aerospace'],
  ['LMT', 'Lockheed Martin Corporation'],
  ['RTX', 'RTX Corporation'],
  ['NOC', 'Northrop Grumman Corporation'],
  ['GD', 'General Dynamics Corporation'],
  ['DE', 'Deere & Company'],
  ['SBUX', 'Starbucks Corporation'],
  ['T', 'AT&T Inc.'],
  ['LOW', "Lowe's Companies, Inc."],
  ['SPGI', 'S&P Global Inc.'],
  ['BLK', 'BlackRock, Inc.'],
  ['AXP', 'American Express Company'],
  ['C', 'Citigroup Inc.'],
  ['SCHW', 'Charles Schwab Corporation'],
  ['PYPL', 'PayPal Holdings, Inc.'],
  ['UBER', 'Uber Technologies, Inc.'],
  ['PANW', 'Palo Alto Networks, Inc.'],
  ['CRWD', 'CrowdStrike Holdings, Inc.'],
  ['SNOW', 'Snowflake Inc.'],
  ['PLTR', 'Palantir Technologies Inc.'],
  ['MU', 'Micron Technology, Inc.'],
  ['AMAT', 'Applied Materials, Inc.'],
  ['LRCX', 'Lam Research Corporation'],
  ['KLAC', 'KLA Corporation'],
  ['ASML', 'ASML Holding N.V.'],
  ['TSM', 'Taiwan Semiconductor Manufacturing Company'],
  ['SHOP', 'Shopify Inc.'],
  ['SQ', 'Block, Inc.'],
  ['COIN', 'Coinbase Global, Inc.'],
  ['F', 'Ford Motor Company'],
  ['GM', 'General Motors Company'],
  ['DAL', 'Delta Air Lines, Inc.'],
  ['UAL', 'United Airlines Holdings, Inc.'],
  ['MRNA', 'Moderna, Inc.'],
  ['GILD', 'Gilead Sciences, Inc.'],
  ['CVS', 'CVS Health Corporation'],
  ['CI', 'Cigna Group'],
  ['ELV', 'Elevance Health, Inc.'],
  ['NEE', 'NextEra Energy, Inc.'],
  ['DUK', 'Duke Energy Corporation'],
  ['SO', 'Southern Company'],
  ['SPY', 'SPDR S&P 500 ETF Trust'],
  ['QQQ', 'Invesco QQQ Trust'],
];

export interface SyntheticTicker {
  ticker_rank: number;
  ticker: string;
  asset_name: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function syntheticTickers(count: number): SyntheticTicker[] {
  const out: SyntheticTicker[] = [];
  for (let rank = 1; rank <= count; rank++) {
    const real = REAL[rank - 1];
    if (real) {
      out.push({ ticker_rank: rank, ticker: real[0], asset_name: real[1] });
      continue;
    }
    const n = rank - REAL.length - 1;
    const symbol = `SY${LETTERS[Math.floor(n / 26 / 26) % 26]}${LETTERS[Math.floor(n / 26) % 26]}${LETTERS[n % 26]}`;
    out.push({ ticker_rank: rank, ticker: symbol, asset_name: `Synthetic ${symbol} Holdings Inc.` });
  }
  return out;
}
