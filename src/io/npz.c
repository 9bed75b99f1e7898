/* npz.c -- numpy's .npz archives: a ZIP archive whose members are .npy
 * files, stored (np.savez) or deflated (np.savez_compressed).  libzip
 * reads the archive and checks each member's CRC; bp_npy_parse reads
 * each member from memory (see npy.h). */

#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <zip.h>

#include "backprop/npy.h"

void
bp_npz_free (bp_npz *z)
{
  if (z == NULL)
    return;
  for (size_t i = 0; i < z->n; i++)
    {
      free (z->keys[i]);
      bp_npy_free (z->arrays[i]);
    }
  free (z->keys);
  free (z->arrays);
  free (z);
}

/* The bytes of member i of za into a new buffer *out (*size bytes). */
static int
member_bytes (zip_t *za, zip_uint64_t i, const char *name,
              unsigned char **out, size_t *size, bp_error *err)
{
  zip_stat_t st;
  zip_file_t *zf;
  unsigned char *buf;
  zip_int64_t got;

  *out = NULL;
  if (zip_stat_index (za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return bp_error_set (err, "%s: %s", name, zip_strerror (za));
  if (st.size > BP_NPZ_MAX_MEMBER)
    return bp_error_set (err, "%s: %llu bytes uncompressed: too large "
                         "(limit 1 GiB)", name,
                         (unsigned long long) st.size);
  zf = zip_fopen_index (za, i, 0);
  if (zf == NULL)
    return bp_error_set (err, "%s: %s", name, zip_strerror (za));
  buf = malloc (st.size ? st.size : 1);
  if (buf == NULL)
    {
      zip_fclose (zf);
      return bp_error_set (err, "%s: out of memory", name);
    }
  got = zip_fread (zf, buf, st.size);
  if (got >= 0 && (zip_uint64_t) got == st.size)
    {
      /* Reading on to the end is what makes libzip compare the CRC. */
      unsigned char more;
      zip_int64_t extra = zip_fread (zf, &more, 1);
      got = extra < 0 ? -1 : extra > 0 ? 0 : got;
    }
  if (got < 0 || (zip_uint64_t) got != st.size)
    {
      bp_error_set (err, "%s: damaged: %s", name,
                    got < 0 ? zip_file_strerror (zf)
                    : "not the size the archive announces");
      zip_fclose (zf);
      free (buf);
      return GSL_EFAILED;
    }
  zip_fclose (zf);
  *out = buf;
  *size = (size_t) st.size;
  return 0;
}

/* Member i: its name KEY.npy and its array. */
static int
read_member (zip_t *za, zip_uint64_t i, bp_npz *z, bp_error *err)
{
  const char *name = zip_get_name (za, i, 0);
  unsigned char *bytes;
  size_t len, size = 0;
  bp_error why;

  if (name == NULL)
    return bp_error_set (err, "member %llu: %s", (unsigned long long) i,
                         zip_strerror (za));
  len = strlen (name);
  if (len <= 4 || strcmp (name + len - 4, ".npy") != 0)
    return bp_error_set (err, "member %s: not an .npy array (np.savez "
                         "names its members KEY.npy)", name);
  if (member_bytes (za, i, name, &bytes, &size, err))
    return GSL_EFAILED;
  if (bp_npy_parse (bytes, size, &z->arrays[z->n], &why))
    {
      free (bytes);
      return bp_error_set (err, "%s: %s", name, why.msg);
    }
  free (bytes);
  z->keys[z->n] = strndup (name, len - 4);
  if (z->keys[z->n] == NULL)
    {
      bp_npy_free (z->arrays[z->n]);
      return bp_error_set (err, "out of memory");
    }
  z->n++;
  return 0;
}

int
bp_npz_read (const char *path, bp_npz **out, bp_error *err)
{
  int code = 0, status = 0;
  zip_t *za;
  zip_int64_t n;
  bp_npz *z;

  *out = NULL;
  za = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (za == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, code);
      bp_error_set (err, "not a readable .npz (ZIP) archive: %s",
                    zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return GSL_EFAILED;
    }
  n = zip_get_num_entries (za, 0);
  z = calloc (1, sizeof *z);
  if (z != NULL && n > 0)
    {
      z->keys = calloc ((size_t) n, sizeof *z->keys);
      z->arrays = calloc ((size_t) n, sizeof *z->arrays);
    }
  if (z == NULL || (n > 0 && (z->keys == NULL || z->arrays == NULL)))
    status = bp_error_set (err, "out of memory");
  else if (n <= 0)
    status = bp_error_set (err, "an empty archive: no arrays");
  for (zip_int64_t i = 0; status == 0 && i < n; i++)
    status = read_member (za, (zip_uint64_t) i, z, err);
  zip_discard (za);
  if (status)
    {
      bp_npz_free (z);
      return GSL_EFAILED;
    }
  *out = z;
  return 0;
}
