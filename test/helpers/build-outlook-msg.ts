/**
 * Builds Outlook .msg files for tests, in the [MS-OXMSG] layout, with the `cfb` package:
 * - every message, recipient and attachment object has a `__properties_version1.0` stream: a
 *   header (32 bytes for the top-level message, 24 for an embedded message, 8 for a recipient
 *   or attachment; [MS-OXMSG] "Property Stream", header sections) and then one 16-byte entry per
 *   property: tag (4 bytes LE, id << 16 | type), flags (4), and 8 bytes that hold a fixed-size
 *   value, or the size of a variable-size value whose bytes are in a stream of its own;
 * - a variable-size value is the stream `__substg1.0_<ID><TYPE>` (upper-case hex); strings are
 *   PtypString (0x001F, UTF-16LE, no terminator; the size in the entry counts the 2-byte
 *   terminator) ([MS-OXMSG] "Variable Length Property or Multiple-Valued Property Entry");
 * - recipients are storages `__recip_version1.0_#<8 hex>`, attachments `__attach_version1.0_#<8
 *   hex>`, and an embedded message is the storage `__substg1.0_3701000D` inside its attachment
 *   (PidTagAttachDataObject, PtypObject) ([MS-OXMSG] "Recipient Object Storage", "Attachment
 *   Object Storage", "Embedded Message Object Storage");
 * - the named property mapping storage `__nameid_version1.0` with its three streams.
 * This matches msgreader's reading of the format (lib/MsgReader.js importPropertiesFromFile).
 */
import CFB from 'cfb';

/** PtypInteger32, PtypString (Unicode), PtypBinary, PtypObject ([MS-OXCDATA] 2.11.1). */
export const PT_LONG = 0x0003;
export const PT_UNICODE = 0x001f;
export const PT_BINARY = 0x0102;
export const PT_OBJECT = 0x000d;

/** A property: full tag (id << 16 | type) and its value. */
export interface MsgProperty {
  tag: number;
  value: number | string | Uint8Array;
}

export interface MsgObject {
  properties: MsgProperty[];
  recipients?: MsgProperty[][];
  /** Embedded messages, each as one attachment with PidTagAttachMethod 5 (afEmbeddedMessage). */
  embedded?: MsgObject[];
}

/** PROPATTR_READABLE | PROPATTR_WRITABLE ([MS-OXMSG] "Fixed Length Property Entry", Flags). */
const FLAGS = 0x00000006;

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

function addObject(cfb: CFB.CFB$Container, path: string, properties: MsgProperty[], headerBytes: number, counts?: { recipients: number; attachments: number }): void {
  const stream = Buffer.alloc(headerBytes + 16 * properties.length);
  if (counts) {
    // Next recipient id, next attachment id, recipient count, attachment count.
    stream.writeUInt32LE(counts.recipients, 8);
    stream.writeUInt32LE(counts.attachments, 12);
    stream.writeUInt32LE(counts.recipients, 16);
    stream.writeUInt32LE(counts.attachments, 20);
  }
  properties.forEach((property, i) => {
    const at = headerBytes + 16 * i;
    const type = property.tag & 0xffff;
    stream.writeUInt32LE(property.tag >>> 0, at);
    stream.writeUInt32LE(FLAGS, at + 4);
    if (type === PT_LONG) {
      stream.writeInt32LE(property.value as number, at + 8);
      return;
    }
    const name = `${path}__substg1.0_${hex8(property.tag >>> 0)}`;
    if (type === PT_UNICODE) {
      const bytes = Buffer.from(property.value as string, 'utf16le');
      stream.writeUInt32LE(bytes.length + 2, at + 8);
      CFB.utils.cfb_add(cfb, name, bytes);
    } else if (type === PT_BINARY) {
      const bytes = Buffer.from(property.value as Uint8Array);
      stream.writeUInt32LE(bytes.length, at + 8);
      CFB.utils.cfb_add(cfb, name, bytes);
    } else if (type === PT_OBJECT) {
      // The object is the storage of the same name; its size field is not used.
      stream.writeUInt32LE(0xffffffff, at + 8);
    }
  });
  CFB.utils.cfb_add(cfb, `${path}__properties_version1.0`, stream);
}

function addMessage(cfb: CFB.CFB$Container, path: string, message: MsgObject, headerBytes: number): void {
  const recipients = message.recipients ?? [];
  const embedded = message.embedded ?? [];
  addObject(cfb, path, message.properties, headerBytes, { recipients: recipients.length, attachments: embedded.length });
  recipients.forEach((row, i) => addObject(cfb, `${path}__recip_version1.0_#${hex8(i)}/`, row, 8));
  embedded.forEach((inner, i) => {
    const attach = `${path}__attach_version1.0_#${hex8(i)}/`;
    // PidTagAttachMethod 0x3705 = 5 (afEmbeddedMessage), PidTagAttachDataObject 0x3701 (PtypObject).
    addObject(cfb, attach, [{ tag: 0x37050003, value: 5 }, { tag: 0x3701000d, value: 0 }], 8);
    addMessage(cfb, `${attach}__substg1.0_3701000D/`, inner, 24);
  });
}

/** Builds a .msg file (an OLE compound file) for a top-level message. */
export function buildOutlookMsg(message: MsgObject): Buffer {
  const cfb = CFB.utils.cfb_new();
  addMessage(cfb, '/', message, 32);
  // Named property mapping: GUID, entry and string streams ([MS-OXMSG] "Named Property Mapping Storage").
  for (const stream of ['00020102', '00030102', '00040102']) CFB.utils.cfb_add(cfb, `/__nameid_version1.0/__substg1.0_${stream}`, Buffer.alloc(0));
  return CFB.write(cfb, { type: 'buffer' }) as Buffer;
}
