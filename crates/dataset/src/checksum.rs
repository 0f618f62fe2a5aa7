//! SHA-256 checksums as lower-case hex: of article texts, input files and output files.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Lower-case hex of a finished digest.
pub fn hex(hasher: Sha256) -> String {
    format!("{:x}", hasher.finalize())
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Hex SHA-256 and length of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::new(e).at(path))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(|e| Error::new(e).at(path))?;
    Ok((hex(hasher), bytes))
}

/// 128-bit key of an article id for duplicate detection in input and validate (collisions are
/// out of reach; not stable across Rust versions, so never stored).
pub(crate) fn id_key(id: &str) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut a = DefaultHasher::new();
    let mut b = DefaultHasher::new();
    0u8.hash(&mut a);
    1u8.hash(&mut b);
    id.hash(&mut a);
    id.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_hex_is_lower_case_hex_of_the_digest() {
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
