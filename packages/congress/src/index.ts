export { billId, parseBillId, billPath, billIdSchema, type BillRef } from './bill-id';
export { billListSchema, DETAIL_RESOURCES, type BillListItem } from './responses';
export { billToSilver, SILVER_COLUMNS, BillParseError, type BillResponses, type SilverTable } from './silver';
export { committeeMembershipRows, MEMBER_COMMITTEE_COLUMNS } from './members';
export { generatedBill } from './generate';
