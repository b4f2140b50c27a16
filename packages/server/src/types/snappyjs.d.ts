// snappyjs ships no types; the two functions Vigil uses (https://github.com/zhipeng-jia/snappyjs).
declare module 'snappyjs' {
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
