// Share operations (`?restype=share`): create, get properties (what `exists()` calls) and delete.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { type FilesRequest, type FilesResponse, header } from '../protocol/request.js';
import { metadataHeaders, stampHeaders } from '../protocol/responseHeaders.js';

// Share names: 3–63 lower-case letters, digits and single hyphens, starting and ending alphanumeric.
const shareName = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
const defaultQuotaGiB = 102_400;

export const handleShareRequest = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  const comp = request.query.get('comp');
  if (comp !== null) throw errors.unsupportedOperation(`share comp=${comp}`);
  switch (request.method) {
    case 'PUT': {
      if (!shareName.test(name)) throw errors.invalidResourceName();
      const quota = header(request, 'x-ms-share-quota');
      const share = model.createShare(name, request.metadata, quota ? Number(quota) : defaultQuotaGiB);
      return { status: 201, headers: stampHeaders(share) };
    }
    case 'GET':
    case 'HEAD': {
      const share = model.getShare(name);
      return {
        status: 200,
        headers: {
          ...stampHeaders(share),
          ...metadataHeaders(share.metadata),
          'x-ms-share-quota': String(share.quotaGiB),
        },
      };
    }
    case 'DELETE':
      model.deleteShare(name);
      return { status: 202 };
    default:
      throw errors.unsupportedHttpVerb(request.method);
  }
};
