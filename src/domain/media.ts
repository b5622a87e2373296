// A picture to upload to a platform (a delivery-proof photo), and where channels get it from.
export interface PhotoFile {
  data: Buffer;
  contentType: string;
  filename: string;
}

export type ProofPhotoLoader = (waybill: string) => Promise<PhotoFile>;
