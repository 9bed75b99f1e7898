/* npy-problem.c -- a problem from numpy arrays: a directory of .npy files
 * (with, optionally, the CS231n grads dict as grads.npz) or one .npz
 * archive (see npy.h for the names, problem.h for the problem).
 *
 * The arrays are first gathered by name into slots, each remembering
 * where it came from ("dW1.npy", "grads.npz: W1"); then their shapes are
 * checked against each other and the problem is built. */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop/npy.h"
#include "backprop/problem.h"

/* The slots: the problem's arrays, the student's loss and scores, and
 * the seven gradients (slot S_GRAD + id). */
enum {
  S_X, S_Y, S_W1, S_B1, S_W2, S_B2, S_LOSS, S_SCORES, S_GRAD,
  S_COUNT = S_GRAD + BP_NGRADS, S_REQUIRED = S_B2 + 1
};

static const char *const slot_names[S_GRAD] = {
  "X", "y", "W1", "b1", "W2", "b2", "loss", "scores"
};

/* What a directory may hold, for messages. */
#define EXPECTED "expected X y W1 b1 W2 b2 .npy, any of dz2 dW2 db2 dp1 " \
  "dz1 dW1 db1 .npy or grads.npz, and loss.npy, scores.npy"

struct slots {
  bp_npy *a[S_COUNT];
  char from[S_COUNT][80];       /* "X.npy", "grads.npz: W1", ... */
};

static const char *
slot_name (int s)
{
  return s < S_GRAD ? slot_names[s] : bp_grad_name (s - S_GRAD);
}

/* The slot of a file or archive key named exactly as the slot; -1. */
static int
slot_lookup (const char *key)
{
  for (int s = 0; s < S_COUNT; s++)
    if (strcmp (key, slot_name (s)) == 0)
      return s;
  return -1;
}

static void
slots_free (struct slots *sl)
{
  for (int s = 0; s < S_COUNT; s++)
    bp_npy_free (sl->a[s]);
}

/* Put array a, read from `from', into slot s (which takes it). */
static int
put (struct slots *sl, int s, bp_npy *a, const char *from, bp_error *err)
{
  if (sl->a[s] != NULL)
    {
      bp_npy_free (a);
      return bp_error_set (err, "%s: %s is given twice, also in %s", from,
                           slot_name (s), sl->from[s]);
    }
  sl->a[s] = a;
  snprintf (sl->from[s], sizeof sl->from[s], "%s", from);
  return 0;
}

/* The members of an archive into slots.  In grads.npz (grads set) the
 * keys are the gradients' (W1 meaning dW1, as CS231n's grads dict has
 * them); in a whole-problem archive they are the slots' names. */
static int
put_archive (struct slots *sl, const char *path, const char *label,
             int grads, bp_error *err)
{
  bp_npz *z;
  bp_error why;
  int status = 0;

  if (bp_npz_read (path, &z, &why))
    return bp_error_set (err, "%s%s%s", label, *label ? ": " : "", why.msg);
  for (size_t i = 0; status == 0 && i < z->n; i++)
    {
      int id = grads ? bp_grad_lookup (z->keys[i]) : -1;
      int s = grads ? (id < 0 ? -1 : S_GRAD + id) : slot_lookup (z->keys[i]);
      char from[80];

      snprintf (from, sizeof from, "%s%s%s", label, *label ? ": " : "",
                z->keys[i]);
      if (s < 0)
        status = bp_error_set (err, "%s: an unknown key; expected %s", from,
                               grads ? "W1 b1 W2 b2 (the gradients, as "
                               "CS231n's grads dict), dz2 dp1 dz1"
                               : BP_NPY_NAMES);
      else
        {
          status = put (sl, s, z->arrays[i], from, err);
          z->arrays[i] = NULL;
        }
    }
  bp_npz_free (z);
  return status;
}

/* Only *.npy and *.npz names count in a directory. */
static int
is_array_file (const struct dirent *d)
{
  size_t n = strlen (d->d_name);
  return n > 4 && (strcmp (d->d_name + n - 4, ".npy") == 0
                   || strcmp (d->d_name + n - 4, ".npz") == 0);
}

/* Refuse a name in the directory that is none of ours. */
static int
check_name (const char *name, bp_error *err)
{
  char key[256];
  size_t n = strlen (name);

  if (strcmp (name, "grads.npz") == 0)
    return 0;
  snprintf (key, sizeof key, "%.*s", (int) (n - 4), name);
  if (strcmp (name + n - 4, ".npy") == 0 && slot_lookup (key) >= 0)
    return 0;
  for (int s = 0; s < S_COUNT; s++)
    if (strcasecmp (key, slot_name (s)) == 0)
      return bp_error_set (err, "%s: an unknown name (%s.npy?); " EXPECTED,
                           name, slot_name (s));
  return bp_error_set (err, "%s: an unknown name; " EXPECTED, name);
}

/* Read dir/name into slot s; a missing optional file leaves it empty. */
static int
read_file (const char *dir, int s, int required, struct slots *sl,
           bp_error *err)
{
  char path[4096], name[32];
  bp_npy *a;
  bp_error why;

  snprintf (name, sizeof name, "%s.npy", slot_name (s));
  snprintf (path, sizeof path, "%s/%s", dir, name);
  errno = 0;
  if (!required && access (path, F_OK) != 0 && errno == ENOENT)
    return 0;
  if (bp_npy_read (path, &a, &why))
    return bp_error_set (err, "%s: %s", name, why.msg);
  return put (sl, s, a, name, err);
}

/* Every array of a directory into slots. */
static int
read_dir (const char *dir, struct slots *sl, bp_error *err)
{
  struct dirent **list = NULL;
  int n = scandir (dir, &list, is_array_file, alphasort);
  int status = 0, archive = 0;

  for (int i = 0; i < n; i++)
    {
      if (status == 0)
        status = check_name (list[i]->d_name, err);
      archive |= strcmp (list[i]->d_name, "grads.npz") == 0;
      free (list[i]);
    }
  free (list);
  for (int s = 0; s < S_COUNT && status == 0; s++)
    status = read_file (dir, s, s < S_REQUIRED, sl, err);
  if (status == 0 && archive)
    {
      char path[4096];
      snprintf (path, sizeof path, "%s/grads.npz", dir);
      status = put_archive (sl, path, "grads.npz", 1, err);
    }
  return status;
}

/* "(5, 4)", "(5,)" or "()". */
static void
shape_str (const bp_npy *a, char *buf, size_t len)
{
  if (a->ndim == 0)
    snprintf (buf, len, "()");
  else if (a->ndim == 1)
    snprintf (buf, len, "(%zu,)", a->shape[0]);
  else
    snprintf (buf, len, "(%zu, %zu)", a->shape[0], a->shape[1]);
}

/* The length of a, a vector saved as (n,), (1, n) or (n, 1); 0 if a is
 * not a vector. */
static size_t
vector_length (const bp_npy *a)
{
  if (a->ndim == 1)
    return a->shape[0];
  if (a->ndim == 2 && a->shape[0] == 1)
    return a->shape[1];
  if (a->ndim == 2 && a->shape[1] == 1)
    return a->shape[0];
  return 0;
}

/* The sizes of the problem, from X, W1 and W2. */
struct dims {
  size_t N, D, H, C;
};

static int
get_dims (const struct slots *sl, struct dims *d, bp_error *err)
{
  static const struct { int s; const char *want; } m[] = {
    { S_X, "(N, D)" }, { S_W1, "(D, H)" }, { S_W2, "(H, C)" }
  };
  char s[64];

  for (size_t k = 0; k < 3; k++)
    {
      const bp_npy *a = sl->a[m[k].s];
      if (a->ndim != 2 || a->shape[0] == 0 || a->shape[1] == 0)
        {
          shape_str (a, s, sizeof s);
          return bp_error_set (err, "%s: shape %s: want a non-empty %s",
                               sl->from[m[k].s], s, m[k].want);
        }
    }
  d->N = sl->a[S_X]->shape[0];
  d->D = sl->a[S_X]->shape[1];
  d->H = sl->a[S_W1]->shape[1];
  d->C = sl->a[S_W2]->shape[1];
  return 0;
}

/* What each slot's shape is made of: letters N D H C, '1' for a 0-d or
 * 1-element array, 0 (first) for a vector; and the slots that fix it. */
static const struct shape_rule {
  int s;
  char rows, cols;
  int from, from2;
} shape_rules[] = {
  { S_W1, 'D', 'H', S_X, -1 }, { S_B1, 0, 'H', S_W1, -1 },
  { S_W2, 'H', 'C', S_W1, -1 }, { S_B2, 0, 'C', S_W2, -1 },
  { S_Y, 0, 'N', S_X, -1 },
  { S_GRAD + BP_DZ2, 'N', 'C', S_X, S_W2 },
  { S_GRAD + BP_DW2, 'H', 'C', S_W2, -1 },
  { S_GRAD + BP_DB2, 0, 'C', S_W2, -1 },
  { S_GRAD + BP_DP1, 'N', 'H', S_X, S_W1 },
  { S_GRAD + BP_DZ1, 'N', 'H', S_X, S_W1 },
  { S_GRAD + BP_DW1, 'D', 'H', S_W1, -1 },
  { S_GRAD + BP_DB1, 0, 'H', S_W1, -1 },
  { S_SCORES, 'N', 'C', S_X, S_W2 },
};

static size_t
dim_of (char letter, const struct dims *d)
{
  return letter == 'N' ? d->N : letter == 'D' ? d->D : letter == 'H' ? d->H
    : letter == 'C' ? d->C : 0;
}

/* Check one slot against its rule.  On a mismatch the message names the
 * arrays that fix the expected shape: "W2.npy: shape (9, 3) but W1.npy
 * has shape (4, 10): want (10, C)". */
static int
check_rule (const struct slots *sl, const struct shape_rule *r,
            const struct dims *d, bp_error *err)
{
  const bp_npy *a = sl->a[r->s], *o = sl->a[r->from];
  const bp_npy *o2 = r->from2 < 0 ? NULL : sl->a[r->from2];
  size_t rows = dim_of (r->rows, d), cols = dim_of (r->cols, d);
  char s[64], os[64], o2s[64] = "", want[64];

  if (a == NULL || (rows == 0 ? vector_length (a) == cols
                    : a->ndim == 2 && a->shape[0] == rows
                    && a->shape[1] == cols))
    return 0;
  if (rows == 0)
    snprintf (want, sizeof want, "(%zu,)", cols);
  else if (r->s == S_W1 || r->s == S_W2)     /* its columns are free */
    snprintf (want, sizeof want, "(%zu, %c)", rows, r->cols);
  else
    snprintf (want, sizeof want, "(%zu, %zu)", rows, cols);
  shape_str (a, s, sizeof s);
  shape_str (o, os, sizeof os);
  if (o2 != NULL)
    shape_str (o2, o2s, sizeof o2s);
  return bp_error_set (err, "%s: shape %s but %s has shape %s%s%s%s%s: "
                       "want %s", sl->from[r->s], s, sl->from[r->from], os,
                       o2 ? " and " : "", o2 ? sl->from[r->from2] : "",
                       o2 ? " " : "", o2s, want);
}

/* Labels: integers in 0..C-1. */
static int
check_labels (const bp_npy *y, const char *from, size_t C, bp_error *err)
{
  for (size_t i = 0; i < y->n; i++)
    {
      double v = y->data[i];
      if (v != floor (v))
        return bp_error_set (err, "%s: label y[%zu] = %g is not an "
                             "integer", from, i, v);
      if (v < 0)
        return bp_error_set (err, "%s: label y[%zu] = %g is negative",
                             from, i, v);
      if (v >= (double) C)
        return bp_error_set (err, "%s: label y[%zu] = %g is out of range "
                             "0..%zu (W2 has %zu columns)", from, i, v, C - 1,
                             C);
    }
  return 0;
}

/* Every shape, the labels, the loss, and at least one gradient. */
static int
check_slots (const char *what, const struct slots *sl, struct dims *d,
             bp_error *err)
{
  int grads = 0, status = get_dims (sl, d, err);

  for (size_t k = 0; status == 0 && k < sizeof shape_rules
       / sizeof shape_rules[0]; k++)
    status = check_rule (sl, &shape_rules[k], d, err);
  if (status == 0)
    status = check_labels (sl->a[S_Y], sl->from[S_Y], d->C, err);
  if (status == 0 && sl->a[S_LOSS] != NULL && sl->a[S_LOSS]->n != 1)
    {
      char s[64];
      shape_str (sl->a[S_LOSS], s, sizeof s);
      status = bp_error_set (err, "%s: shape %s: want one number, a 0-d or "
                             "1-element array", sl->from[S_LOSS], s);
    }
  for (int id = 0; id < BP_NGRADS; id++)
    grads |= sl->a[S_GRAD + id] != NULL;
  if (status == 0 && !grads)
    status = bp_error_set (err, "no gradients: %s any of dz2 dW2 db2 dp1 "
                           "dz1 dW1 db1%s", what, *what == 'a'
                           ? " (d-prefixed)" : " .npy, or grads.npz");
  return status;
}

/* A copy of slot s's values into the n doubles at to. */
static void
copy_slot (const struct slots *sl, int s, double *to, size_t n)
{
  memcpy (to, sl->a[s]->data, n * sizeof (double));
}

/* Fill a new problem from the checked slots. */
static int
fill (const struct slots *sl, const struct dims *d, bp_problem **out,
      bp_error *err)
{
  bp_problem *p = bp_problem_alloc (d->N, d->D, d->H, d->C);

  if (p == NULL
      || (p->grads = bp_grads_alloc (d->N, d->D, d->H, d->C)) == NULL
      || (sl->a[S_SCORES]
          && (p->scores = gsl_matrix_alloc (d->N, d->C)) == NULL))
    {
      bp_problem_free (p);
      return bp_error_set (err, "out of memory");
    }
  copy_slot (sl, S_X, p->X->data, d->N * d->D);
  copy_slot (sl, S_W1, p->net->W1->data, d->D * d->H);
  copy_slot (sl, S_B1, p->net->b1->data, d->H);
  copy_slot (sl, S_W2, p->net->W2->data, d->H * d->C);
  copy_slot (sl, S_B2, p->net->b2->data, d->C);
  for (size_t i = 0; i < d->N; i++)
    p->y[i] = (size_t) sl->a[S_Y]->data[i];
  if (p->scores)
    copy_slot (sl, S_SCORES, p->scores->data, d->N * d->C);
  if (sl->a[S_LOSS])
    p->loss = sl->a[S_LOSS]->data[0];
  p->grads->present = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    if (sl->a[S_GRAD + id] != NULL)
      {
        gsl_matrix_view m = bp_grads_matrix (p->grads, id);
        copy_slot (sl, S_GRAD + id, m.matrix.data, sl->a[S_GRAD + id]->n);
        p->grads->present |= 1u << id;
      }
  for (int s = 0; s < S_GRAD + BP_NGRADS; s++)
    if (s != S_Y && s != S_LOSS && s != S_SCORES && sl->a[s])
      p->float32 |= sl->a[s]->is_float32;
  *out = p;
  return 0;
}

/* Gradients a (upstream) and b identical, of the same shape, not zero:
 * one array saved under two names, or masked in place (numpy's
 * dp1[dp1 < 0] = 0; dz1 = dp1).  a is dropped (made absent) and the
 * warning says so.  dz1 equal to dp1 with no entry zero had no mask
 * applied in place: right when every z1 > 0, else a missing mask, which
 * the check itself names; both are kept. */
static void
drop_aliases (const struct slots *sl, bp_problem *p)
{
  size_t used = 0;

  for (int a = 0; a < BP_NGRADS; a++)
    for (int b = a + 1; b < BP_NGRADS; b++)
      {
        const bp_npy *u = sl->a[S_GRAD + a], *v = sl->a[S_GRAD + b];
        gsl_matrix_view m;
        int zero = 1, masked = 0;
        if (!u || !v || u->n != v->n || u->shape[0] != v->shape[0]
            || !(p->grads->present & 1u << a)
            || memcmp (u->data, v->data, u->n * sizeof (double)) != 0)
          continue;
        for (size_t k = 0; k < u->n; k++)
          {
            zero &= u->data[k] == 0.0;
            masked |= u->data[k] == 0.0;
          }
        if (zero || (a == BP_DP1 && b == BP_DZ1 && !masked))
          continue;
        p->grads->present &= ~(1u << a);
        m = bp_grads_matrix (p->grads, a);
        gsl_matrix_set_zero (&m.matrix);
        used += (size_t) snprintf (p->warning + used, used < sizeof
                                   p->warning ? sizeof p->warning - used : 0,
                                   "%s%s equals %s: %s", used ? "; " : "",
                                   sl->from[S_GRAD + a], sl->from[S_GRAD + b],
                                   a == BP_DP1 && b == BP_DZ1
                                   ? "masked in place? save a copy before "
                                   "masking" : "the same array saved twice?");
      }
}

int
bp_problem_load_npy (const char *path, bp_problem **out, bp_error *err)
{
  struct slots sl;
  struct dims d = { 0, 0, 0, 0 };
  struct stat st;
  size_t n = strlen (path);
  int archive = (n > 4 && strcmp (path + n - 4, ".npz") == 0)
    || (stat (path, &st) == 0 && S_ISREG (st.st_mode));
  int status;

  *out = NULL;
  memset (&sl, 0, sizeof sl);
  status = archive ? put_archive (&sl, path, "", 0, err)
    : read_dir (path, &sl, err);
  for (int s = 0; status == 0 && archive && s < S_REQUIRED; s++)
    if (sl.a[s] == NULL)
      status = bp_error_set (err, "no array %s: an archive holds %s",
                             slot_name (s), BP_NPY_NAMES);
  if (status == 0)
    status = check_slots (archive ? "an archive needs" : "expected", &sl,
                          &d, err);
  if (status == 0)
    status = fill (&sl, &d, out, err);
  if (status == 0)
    drop_aliases (&sl, *out);
  slots_free (&sl);
  return status ? GSL_EFAILED : 0;
}
