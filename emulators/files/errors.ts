// Error factory for the Azure Files emulator: one function per File service error, so handlers
// and the model name the failure and the status/code pairing lives in one place (as in Azurite).

/** A File service error: rendered by the server as `x-ms-error-code` plus an XML `<Error>` body. */
export class FilesServiceError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra `<Error>` child elements, e.g. `AuthenticationErrorDetail`. */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'FilesServiceError';
  }
}

const fail = (statusCode: number, code: string, message: string) =>
  new FilesServiceError(statusCode, code, message);

// Authentication.
export const noAuthenticationInformation = () =>
  fail(401, 'NoAuthenticationInformation', 'Server failed to authenticate the request. Use SharedKey.');
export const authenticationFailed = (detail: string) =>
  new FilesServiceError(
    403,
    'AuthenticationFailed',
    'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    { AuthenticationErrorDetail: detail },
  );

// Request shape.
export const invalidUri = (why: string) =>
  fail(400, 'InvalidUri', `The requested URI does not represent any resource on the server. ${why}`);
export const missingRequiredHeader = (header: string) =>
  fail(
    400,
    'MissingRequiredHeader',
    `An HTTP header that's mandatory for this request is not specified: ${header}.`,
  );
export const missingRequiredQueryParameter = (name: string) =>
  fail(
    400,
    'MissingRequiredQueryParameter',
    `A query parameter that's mandatory for this request is not specified: ${name}.`,
  );
export const invalidHeaderValue = (header: string) =>
  fail(
    400,
    'InvalidHeaderValue',
    `The value for one of the HTTP headers is not in the correct format: ${header}.`,
  );
export const invalidResourceName = () =>
  fail(400, 'InvalidResourceName', 'The specified resource name contains invalid characters.');
export const invalidMetadata = (name: string) =>
  fail(
    400,
    'InvalidMetadata',
    `The metadata specified is invalid. It has characters that are not permitted: ${name}.`,
  );
export const requestBodyTooLarge = (maxBytes: number) =>
  fail(
    413,
    'RequestBodyTooLarge',
    `The request body is too large and exceeds the maximum permissible limit (${maxBytes} bytes).`,
  );
export const outOfRangeQueryParameterValue = (name: string) =>
  fail(
    400,
    'OutOfRangeQueryParameterValue',
    `One of the query parameters specified in the request URI is outside the permissible range: ${name}.`,
  );
export const invalidRange = () =>
  fail(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
// Never 5xx for what the emulator lacks: the SDK retries 5xx with long back-off.
export const unsupportedHttpVerb = (method: string) =>
  fail(
    405,
    'UnsupportedHttpVerb',
    `The resource doesn't support the specified HTTP verb ${method} in the emulator.`,
  );
export const unsupportedOperation = (what: string) =>
  fail(
    400,
    'InvalidQueryParameterValue',
    `The operation ${what} is not supported by the Azure Files emulator.`,
  );
export const emulatorFault = (message: string) =>
  fail(400, 'EmulatorFault', `The Azure Files emulator failed: ${message}`);

// Shares, directories, files.
export const shareAlreadyExists = () =>
  fail(409, 'ShareAlreadyExists', 'The specified share already exists.');
export const shareNotFound = () => fail(404, 'ShareNotFound', 'The specified share does not exist.');
export const resourceAlreadyExists = () =>
  fail(409, 'ResourceAlreadyExists', 'The specified resource already exists.');
export const resourceNotFound = () => fail(404, 'ResourceNotFound', 'The specified resource does not exist.');
export const parentNotFound = () => fail(404, 'ParentNotFound', 'The specified parent path does not exist.');
export const resourceTypeMismatch = () =>
  fail(
    409,
    'ResourceTypeMismatch',
    'The specified resource type does not match the type of the existing resource.',
  );
export const directoryNotEmpty = () =>
  fail(409, 'DirectoryNotEmpty', 'The specified directory is not empty.');

// Leases: 412 when an operation on a file or share gets the lease wrong, 409 when a lease operation does.
// (Share operations use the container wording the storage service shares with Blob.)
const leasedThing = (target: 'file' | 'share') => (target === 'file' ? 'File' : 'Container');
export const leaseIdMissing = () =>
  fail(
    412,
    'LeaseIdMissing',
    'There is currently a lease on the resource and no lease ID was specified in the request.',
  );
export const leaseIdMismatchWithOperation = (target: 'file' | 'share') =>
  fail(
    412,
    `LeaseIdMismatchWith${leasedThing(target)}Operation`,
    'The lease ID specified did not match the lease ID for the resource.',
  );
export const leaseNotPresentWithOperation = (target: 'file' | 'share') =>
  fail(
    412,
    `LeaseNotPresentWith${leasedThing(target)}Operation`,
    'There is currently no lease on the resource.',
  );
export const leaseAlreadyPresent = () =>
  fail(409, 'LeaseAlreadyPresent', 'There is already a lease present.');
export const leaseNotPresentWithLeaseOperation = () =>
  fail(409, 'LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the resource.');
export const leaseIdMismatchWithLeaseOperation = () =>
  fail(
    409,
    'LeaseIdMismatchWithLeaseOperation',
    'The lease ID specified did not match the lease ID for the resource.',
  );
export const leaseIsBreakingAndCannotBeAcquired = () =>
  fail(409, 'LeaseIsBreakingAndCannotBeAcquired', 'There is already a breaking lease present.');
export const leaseIsBreakingAndCannotBeChanged = () =>
  fail(409, 'LeaseIsBreakingAndCannotBeChanged', 'The lease is breaking and cannot be changed.');
export const leaseIsBrokenAndCannotBeRenewed = () =>
  fail(409, 'LeaseIsBrokenAndCannotBeRenewed', 'The lease has been broken and cannot be renewed.');

// Snapshots, attributes, copies, permissions, XML bodies.
export const shareHasSnapshots = () =>
  fail(409, 'ShareHasSnapshots', 'The share has snapshots and the operation requires no snapshots.');
export const shareSnapshotOperationNotSupported = () =>
  fail(400, 'ShareSnapshotOperationNotSupported', 'The operation is not supported on a share snapshot.');
export const readOnlyAttribute = () =>
  fail(409, 'ReadOnlyAttribute', 'The specified resource is read-only and cannot be modified at this time.');
export const noPendingCopyOperation = () =>
  fail(409, 'NoPendingCopyOperation', 'There is currently no pending copy operation.');
export const cannotVerifyCopySource = (why: string) =>
  fail(404, 'CannotVerifyCopySource', `Could not verify the copy source within the specified time. ${why}`);
export const fileInvalidPermissionKey = () =>
  fail(400, 'FileInvalidPermissionKey', 'The specified file permission key does not exist in the share.');
export const invalidXmlDocument = (why: string) =>
  fail(400, 'InvalidXmlDocument', `XML specified is not syntactically valid. ${why}`);
export const md5Mismatch = () =>
  fail(
    400,
    'Md5Mismatch',
    'The MD5 value specified in the request did not match with the MD5 value calculated by the server.',
  );
export const invalidQueryParameterValue = (name: string) =>
  fail(
    400,
    'InvalidQueryParameterValue',
    `Value for one of the query parameters specified in the request URI is invalid: ${name}.`,
  );

// SAS: a valid signature that does not allow the operation.
export const authorizationPermissionMismatch = () =>
  fail(
    403,
    'AuthorizationPermissionMismatch',
    'This request is not authorized to perform this operation using this permission.',
  );
export const authorizationResourceTypeMismatch = () =>
  fail(
    403,
    'AuthorizationResourceTypeMismatch',
    'This request is not authorized to perform this operation using this resource type.',
  );
export const authorizationServiceMismatch = () =>
  fail(
    403,
    'AuthorizationServiceMismatch',
    'This request is not authorized to perform this operation using this service.',
  );
export const authorizationProtocolMismatch = () =>
  fail(
    403,
    'AuthorizationProtocolMismatch',
    'This request is not authorized to perform this operation using this protocol.',
  );
export const authorizationSourceIPMismatch = () =>
  fail(
    403,
    'AuthorizationSourceIPMismatch',
    'This request is not authorized to perform this operation using this source IP.',
  );
