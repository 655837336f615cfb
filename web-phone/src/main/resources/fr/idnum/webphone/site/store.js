// What the phone keeps, in IndexedDB: the key pair (CryptoKey objects; the private one cannot be exported) and the
// credential id. A key drawn for an activation is kept until that activation ends, so a retry reuses it (the docs:
// never a new key pair between retries of one activation).

const DB = 'idnum-web-phone';
const STORE = 'phone';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const load = name => run('readonly', store => store.get(name));
export const save = (name, value) => run('readwrite', store => store.put(value, name));
export const remove = name => run('readwrite', store => store.delete(name));
