export { billId, parseBillId, billPath, billIdSchema, type BillRef } from './bill-id';
export { billListSchema, memberListSchema, DETAIL_RESOURCES, type DetailResource, type BillListItem } from './responses';
export { billToSilver, committeeThomasId, SILVER_COLUMNS, BillParseError, type BillResponses, type SilverBill, type SilverTable } from './silver';
export { membersToSilver, committeeMembershipRows, MEMBER_COLUMNS, MEMBER_COMMITTEE_COLUMNS } from './members';
export { generatedBill, type GeneratedBillOptions } from './generate';
