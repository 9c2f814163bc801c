// The checks every write passes before it changes anything: the share is live (not a snapshot) and its lease
// allows the write, the file's lease allows it, and a ReadOnly file takes no data. Shared by the handlers of
// shares, directories and files (and copy and rename), which otherwise import each other.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { checkWriteLease } from '../model/lease.js';
import type { StoredFile, StoredShare } from '../model/types.js';
import { addressOf, type FilesRequest, header } from '../protocol/request.js';
import { hasAttribute } from '../protocol/smbProperties.js';

/** The address a request writes to, once its share is known to be live (not a snapshot). */
export const writableAddress = (model: FilesModel, request: FilesRequest) => {
  model.writableShare(request.shareName ?? '', request.snapshot);
  return addressOf(request);
};

/** The lease check every write passes, and for writes to data, the ReadOnly attribute. */
export const checkFileWrite = (
  model: FilesModel,
  file: StoredFile | undefined,
  leaseId: string | undefined,
  data = true,
): void => {
  checkWriteLease(file?.lease, leaseId, model.now());
  if (data && file && hasAttribute(file.smb, 'ReadOnly')) throw errors.readOnlyAttribute();
};

/** The live share, after the lease check a write to it needs. */
export const writable = (model: FilesModel, request: FilesRequest, name: string): StoredShare => {
  const share = model.writableShare(name, request.snapshot);
  checkWriteLease(share.lease, header(request, 'x-ms-lease-id'), model.now(), 'share');
  return share;
};
