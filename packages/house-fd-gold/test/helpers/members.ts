import type { MemberInput } from '../../src/types';

/** Small hand-made legislators: a Democrat, a Republican and a mid-term party switcher. */
export const TEST_MEMBERS: MemberInput[] = [
  {
    bioguide_id: 'P000197',
    full_name: 'Nancy Pelosi',
    terms: [
      { type: 'rep', start: '2023-01-03', end: '2025-01-03', state: 'CA', district: 11, party: 'Democrat' },
      { type: 'rep', start: '2025-01-03', end: '2027-01-03', state: 'CA', district: 11, party: 'Democrat' },
    ],
  },
  {
    bioguide_id: 'R000002',
    full_name: 'Rita Republican',
    terms: [{ type: 'rep', start: '2023-01-03', end: '2027-01-03', state: 'TX', district: 2, party: 'Republican' }],
  },
  {
    bioguide_id: 'V000133',
    full_name: 'Jefferson Van Drew',
    terms: [
      {
        type: 'rep',
        start: '2019-01-03',
        end: '2021-01-03',
        state: 'NJ',
        district: 2,
        party: 'Republican',
        party_affiliations: [
          { start: '2019-01-03', end: '2019-12-18', party: 'Democrat' },
          { start: '2019-12-19', end: '2021-01-03', party: 'Republican' },
        ],
      },
      { type: 'rep', start: '2021-01-03', end: '2027-01-03', state: 'NJ', district: 2, party: 'Republican' },
    ],
  },
];
