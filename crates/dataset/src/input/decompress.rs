//! Byte-level plumbing: a hashing reader (sha256 + size of the bytes as stored) and
//! compression detection by magic bytes (gzip, zstd, bzip2 — whatever the file name says).

use std::io::{self, Cursor, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

/// Running sha256 and byte count of a file's stored bytes, shared with the reader that feeds it.
#[derive(Default)]
pub(crate) struct HashState {
    hasher: Sha256,
    /// Bytes hashed so far = the offset reached in the stored file.
    pub(crate) bytes: u64,
}

impl HashState {
    pub(crate) fn finish(self) -> (String, u64) {
        (crate::checksum::hex(self.hasher), self.bytes)
    }
}

pub(crate) type SharedHash = Arc<Mutex<HashState>>;

/// Hashes (and counts, also into a run-wide progress counter) every byte read through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    state: SharedHash,
    progress: Arc<AtomicU64>,
}

impl<R: Read> HashingReader<R> {
    pub(crate) fn new(inner: R, state: SharedHash, progress: Arc<AtomicU64>) -> Self {
        HashingReader { inner, state, progress }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            st.hasher.update(&buf[..n]);
            st.bytes += n as u64;
            self.progress.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Compression of a stored stream, from its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
    Bzip2,
}

impl Compression {
    pub fn detect(head: &[u8]) -> Compression {
        match head {
            [0x1f, 0x8b, ..] => Compression::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
            [b'B', b'Z', b'h', b'1'..=b'9', ..] => Compression::Bzip2,
            _ => Compression::None,
        }
    }
}

/// Reads up to `n` bytes (fewer only at end of stream) and returns them with the reader
/// positioned after them.
pub(crate) fn read_head<R: Read>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(1 << 16));
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Like [`read_head`], but a read error does not lose what came before it: the bytes read are
/// returned with the error, for the caller to replay after them (a short gzip file cut short
/// still yields its complete records).
pub(crate) fn read_head_keeping<R: Read>(r: &mut R, n: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut head = vec![0; n];
    let mut len = 0;
    while len < n {
        match r.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(k) => len += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                head.truncate(len);
                return (head, Some(e));
            }
        }
    }
    head.truncate(len);
    (head, None)
}

/// A reader that fails once with a stored error, then reads as empty.
pub(crate) struct FailOnce(pub Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The decompressed stream of `raw`, whatever its compression (detected from the first bytes).
/// Concatenated gzip members, zstd frames and bzip2 streams are all read.
pub(crate) fn decompress<R: Read + Send + 'static>(mut raw: R) -> io::Result<(Compression, Box<dyn Read + Send>)> {
    let head = read_head(&mut raw, 4)?;
    let kind = Compression::detect(&head);
    let stream = Cursor::new(head).chain(raw);
    let out: Box<dyn Read + Send> = match kind {
        Compression::None => Box::new(stream),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(stream)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(stream)?),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(stream)),
    };
    Ok((kind, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn roundtrip(data: &[u8]) -> Vec<u8> {
        let (_, mut r) = decompress(Cursor::new(data.to_vec())).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn multi_member_gzip() {
        let mut all = Vec::new();
        for part in [&b"hello "[..], b"world"] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            all.extend(e.finish().unwrap());
        }
        assert_eq!(Compression::detect(&all), Compression::Gzip);
        assert_eq!(roundtrip(&all), b"hello world");
    }

    #[test]
    fn multi_stream_bzip2_and_zstd() {
        let mut bz = Vec::new();
        let mut zs = Vec::new();
        for part in [&b"hello "[..], b"world"] {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            e.write_all(part).unwrap();
            bz.extend(e.finish().unwrap());
            zs.extend(zstd::encode_all(part, 1).unwrap());
        }
        assert_eq!(roundtrip(&bz), b"hello world");
        assert_eq!(roundtrip(&zs), b"hello world");
    }

    #[test]
    fn a_cut_gzip_stream_keeps_what_precedes_the_cut() {
        let data: Vec<u8> = (0..400u32).flat_map(|i| format!("line {i}\n").into_bytes()).collect();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&data).unwrap();
        let gz = e.finish().unwrap();
        let (_, mut r) = decompress(Cursor::new(gz[..gz.len() - 20].to_vec())).unwrap();
        let (head, err) = read_head_keeping(&mut r, 1 << 16);
        assert!(err.is_some(), "a cut stream is an error");
        assert!(head.len() > data.len() / 2 && data.starts_with(&head), "{} of {} bytes kept", head.len(), data.len());
        let mut after = FailOnce(err);
        assert!(after.read(&mut [0; 4]).is_err());
        assert_eq!(after.read(&mut [0; 4]).unwrap(), 0);
    }

    #[test]
    fn plain_and_tiny() {
        assert_eq!(roundtrip(b"ab"), b"ab");
        assert_eq!(roundtrip(b""), b"");
    }

    #[test]
    fn hashing_reader_counts() {
        let state = SharedHash::default();
        let progress = Arc::new(AtomicU64::new(0));
        let mut r = HashingReader::new(Cursor::new(b"abc".to_vec()), state.clone(), progress.clone());
        io::copy(&mut r, &mut io::sink()).unwrap();
        drop(r);
        let st = Arc::try_unwrap(state).ok().unwrap().into_inner().unwrap();
        let (hex, n) = st.finish();
        assert_eq!(n, 3);
        assert_eq!(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(progress.load(Ordering::Relaxed), 3);
    }
}
