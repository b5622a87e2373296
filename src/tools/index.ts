// The agent's tools: the canonical names of SCENARIOS.md, plus verify_identity.
import type { ToolDeps } from './deps.js';
import { trackParcel } from './track-parcel.js';
import { listMyParcels } from './list-my-parcels.js';
import { urgeDelivery } from './urge-delivery.js';
import { requestPhotos } from './request-photos.js';
import { getDeliveryPhoto } from './get-delivery-photo.js';
import { openStationVerification } from './open-station-verification.js';
import { fileClaim } from './file-claim.js';
import { checkCaseStatus } from './check-case-status.js';
import { changeDelivery } from './change-delivery.js';
import { bindPhone } from './bind-phone.js';
import { handoffToHuman } from './handoff-to-human.js';
import { verifyIdentity } from './verify-identity.js';

const FACTORIES = [trackParcel, listMyParcels, urgeDelivery, requestPhotos, getDeliveryPhoto, openStationVerification, fileClaim, checkCaseStatus, changeDelivery, bindPhone, handoffToHuman, verifyIdentity];

export function createTools(deps: ToolDeps) {
  return FACTORIES.map((make) => make(deps));
}

export const TOOL_NAMES = [
  'track_parcel',
  'list_my_parcels',
  'urge_delivery',
  'request_photos',
  'get_delivery_photo',
  'open_station_verification',
  'file_claim',
  'check_case_status',
  'change_delivery',
  'bind_phone',
  'handoff_to_human',
  'verify_identity',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
