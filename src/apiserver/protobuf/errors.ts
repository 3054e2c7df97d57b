/** A Kubernetes protobuf body that cannot be decoded; the API server answers 400 BadRequest. */
export class DecodeError extends Error {
  readonly code = 'ProtobufDecodeError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecodeError';
  }
}

/** A JSON object that cannot be encoded as the protobuf message of its kind. */
export class EncodeError extends Error {
  readonly code = 'ProtobufEncodeError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncodeError';
  }
}
