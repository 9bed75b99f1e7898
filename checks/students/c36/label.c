/* label.c -- this set's own labeller, written from the mathematics.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 *   ./label OUT/s01_x.so OUT/s02_y.so ...
 *
 * Only GSL and libdl: the net, the forward pass, the loss, the finite
 * differences and the seven rules are all written here.  The headers
 * net.h and grads.h are used for the struct layouts a student's
 * backward() reads, nothing else of the library.
 *
 * The loss (net.h):
 *   z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, prob = softmax(z2)
 *   L  = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each .so, for 2 seeds x {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1:
 *   - fill every gradient with garbage, call backward();
 *   - (a) numeric: compare each gradient with centred differences of L,
 *     taken w.r.t. the parameters and, for dz2, dp1, dz1, w.r.t. the
 *     intermediates z2, p1, z1 (the rest of the forward pass recomputed);
 *   - (b) local: apply the correct rule of each gradient to the student's
 *     OWN upstream gradient (dW2, db2, dp1 from the student's dz2; dz1
 *     from its dp1; dW1, db1 from its dz1; dz2 from prob and y).  A
 *     gradient wrong locally is a root; one wrong numerically but right
 *     locally is inherited;
 *   - call backward() again over the first call's outputs and report any
 *     gradient that changed.
 * Each file runs in a child process, so a crash is reported, not fatal.
 * Output, per file:  NAME.c: local: ROOTS  numeric: WRONG  2nd-call: ... */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *NAMES[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
#define TOL 1e-6
#define FD_H 1e-5

/* ---------- the structures, made by hand ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  double *t = n->data;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (t, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (t, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (t + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  double *t;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->dtheta = gsl_vector_calloc (P);
  t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->present = 0;
  return g;
}

/* gradient id as a flat array of doubles (its own copy) */
static size_t
grad_len (const bp_grads *g, int id)
{
  switch (id) {
  case 0: return g->N * g->C;
  case 1: return g->H * g->C;
  case 2: return g->C;
  case 3: case 4: return g->N * g->H;
  case 5: return g->D * g->H;
  default: return g->H;
  }
}

static void
grad_get (const bp_grads *g, int id, double *out)
{
  size_t i, j, k = 0;
  const gsl_matrix *M = NULL;
  const gsl_vector *v = NULL;
  switch (id) {
  case 0: M = g->dz2; break;
  case 1: M = g->dW2; break;
  case 2: v = g->db2; break;
  case 3: M = g->dp1; break;
  case 4: M = g->dz1; break;
  case 5: M = g->dW1; break;
  default: v = g->db1; break;
  }
  if (M)
    for (i = 0; i < M->size1; i++)
      for (j = 0; j < M->size2; j++) out[k++] = gsl_matrix_get (M, i, j);
  else
    for (i = 0; i < v->size; i++) out[k++] = gsl_vector_get (v, i);
}

/* ---------- forward pass and loss ---------- */

/* data loss from the scores Z (N,C); prob filled when not NULL */
static double
ce_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t N = Z->size1, C = Z->size2, i, j;
  double L = 0.0;
  for (i = 0; i < N; i++) {
    double m = gsl_matrix_get (Z, i, 0), s = 0.0;
    for (j = 1; j < C; j++) if (gsl_matrix_get (Z, i, j) > m) m = gsl_matrix_get (Z, i, j);
    for (j = 0; j < C; j++) s += exp (gsl_matrix_get (Z, i, j) - m);
    L += -(gsl_matrix_get (Z, i, y[i]) - m - log (s));
    if (prob)
      for (j = 0; j < C; j++) gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
  }
  return L / (double) N;
}

/* Z = A W + b */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < W->size2; j++) {
      double s = gsl_vector_get (b, j);
      for (k = 0; k < A->size2; k++) s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
      gsl_matrix_set (Z, i, j, s);
    }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++) {
      double z = gsl_matrix_get (Z, i, j);
      gsl_matrix_set (P, i, j, z > 0.0 ? z : 0.0);
    }
}

static double
sumsq (const gsl_matrix *W)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++) s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static double
forward (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg, bp_cache *c)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
  return ce_loss (c->z2, y, c->prob) + reg * (sumsq (n->W1) + sumsq (n->W2));
}

/* loss as a function of the intermediates (reg is a constant there) */
static double
loss_from_p1 (const bp_net *n, const gsl_matrix *p1, const size_t *y, gsl_matrix *z2)
{
  affine (p1, n->W2, n->b2, z2);
  return ce_loss (z2, y, NULL);
}

static double
loss_from_z1 (const bp_net *n, const gsl_matrix *z1, const size_t *y, gsl_matrix *p1, gsl_matrix *z2)
{
  relu (z1, p1);
  return loss_from_p1 (n, p1, y, z2);
}

/* ---------- numeric gradients (centred differences) ---------- */

static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *c, double *num[7])
{
  size_t N = X->size1, D = n->D, H = n->H, C = n->C, i, j, k;
  bp_cache *w = cache_new (N, H, C);
  gsl_matrix *M = gsl_matrix_alloc (N, (H > C ? H : C));
  double h = FD_H, lp, lm, old;
  gsl_matrix_view z2v = gsl_matrix_submatrix (M, 0, 0, N, C);
  gsl_matrix_view hv = gsl_matrix_submatrix (M, 0, 0, N, H);

  /* dz2 */
  gsl_matrix_memcpy (&z2v.matrix, c->z2);
  for (i = 0, k = 0; i < N; i++)
    for (j = 0; j < C; j++, k++) {
      old = gsl_matrix_get (&z2v.matrix, i, j);
      gsl_matrix_set (&z2v.matrix, i, j, old + h); lp = ce_loss (&z2v.matrix, y, NULL);
      gsl_matrix_set (&z2v.matrix, i, j, old - h); lm = ce_loss (&z2v.matrix, y, NULL);
      gsl_matrix_set (&z2v.matrix, i, j, old);
      num[0][k] = (lp - lm) / (2 * h);
    }
  /* dp1 */
  gsl_matrix_memcpy (&hv.matrix, c->p1);
  for (i = 0, k = 0; i < N; i++)
    for (j = 0; j < H; j++, k++) {
      old = gsl_matrix_get (&hv.matrix, i, j);
      gsl_matrix_set (&hv.matrix, i, j, old + h); lp = loss_from_p1 (n, &hv.matrix, y, w->z2);
      gsl_matrix_set (&hv.matrix, i, j, old - h); lm = loss_from_p1 (n, &hv.matrix, y, w->z2);
      gsl_matrix_set (&hv.matrix, i, j, old);
      num[3][k] = (lp - lm) / (2 * h);
    }
  /* dz1 */
  gsl_matrix_memcpy (&hv.matrix, c->z1);
  for (i = 0, k = 0; i < N; i++)
    for (j = 0; j < H; j++, k++) {
      old = gsl_matrix_get (&hv.matrix, i, j);
      gsl_matrix_set (&hv.matrix, i, j, old + h); lp = loss_from_z1 (n, &hv.matrix, y, w->p1, w->z2);
      gsl_matrix_set (&hv.matrix, i, j, old - h); lm = loss_from_z1 (n, &hv.matrix, y, w->p1, w->z2);
      gsl_matrix_set (&hv.matrix, i, j, old);
      num[4][k] = (lp - lm) / (2 * h);
    }
  /* parameters: theta is W1, b1, W2, b2 */
  {
    double *t = n->theta->data;
    size_t P = n->theta->size, o1 = D * H, o2 = o1 + H, o3 = o2 + H * C;
    for (k = 0; k < P; k++) {
      double d;
      old = t[k];
      t[k] = old + h; lp = forward (n, X, y, reg, w);
      t[k] = old - h; lm = forward (n, X, y, reg, w);
      t[k] = old;
      d = (lp - lm) / (2 * h);
      if (k < o1) num[5][k] = d;
      else if (k < o2) num[6][k - o1] = d;
      else if (k < o3) num[1][k - o2] = d;
      else num[2][k - o3] = d;
    }
  }
  gsl_matrix_free (M);
  gsl_matrix_free (w->z1); gsl_matrix_free (w->p1); gsl_matrix_free (w->z2); gsl_matrix_free (w->prob); free (w);
}

/* ---------- the seven rules on the student's own upstream ---------- */

static void
local (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
       const bp_cache *c, const bp_grads *g, double *loc[7])
{
  size_t N = X->size1, D = n->D, H = n->H, C = n->C, i, j, k;
  double s;
  /* dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      loc[0][i * C + j] = (gsl_matrix_get (c->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double) N;
  /* dW2 = p1' dz2 + 2 reg W2 ; db2 = colsum dz2 (student's dz2) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 2.0 * reg * gsl_matrix_get (n->W2, j, k);
      for (i = 0; i < N; i++) s += gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      loc[1][j * C + k] = s;
    }
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, k);
    loc[2][k] = s;
  }
  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < C; k++) s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (n->W2, j, k);
      loc[3][i * H + j] = s;
    }
  /* dz1 = dp1 * [z1 > 0] (student's dp1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      loc[4][i * H + j] = gsl_matrix_get (c->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0;
  /* dW1 = X' dz1 + 2 reg W1 ; db1 = colsum dz1 (student's dz1) */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      s = 2.0 * reg * gsl_matrix_get (n->W1, k, j);
      for (i = 0; i < N; i++) s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      loc[5][k * H + j] = s;
    }
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, j);
    loc[6][j] = s;
  }
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double na = 0, nb = 0, nd = 0, m;
  size_t i;
  for (i = 0; i < n; i++) {
    if (!isfinite (a[i]) || !isfinite (b[i])) return INFINITY;
    na += a[i] * a[i]; nb += b[i] * b[i]; nd += (a[i] - b[i]) * (a[i] - b[i]);
  }
  m = sqrt (na) > sqrt (nb) ? sqrt (na) : sqrt (nb);
  if (m < 1e-300) return 0.0;
  return sqrt (nd) / m;
}

static void
garbage (gsl_rng *r, bp_grads *g)
{
  size_t i;
  gsl_matrix *Ms[3] = { g->dz2, g->dp1, g->dz1 };
  int m;
  for (m = 0; m < 3; m++)
    for (i = 0; i < Ms[m]->size1 * Ms[m]->size2; i++) Ms[m]->data[i] = gsl_ran_flat (r, -50.0, 50.0);
  for (i = 0; i < g->dtheta->size; i++) g->dtheta->data[i] = gsl_ran_flat (r, -50.0, 50.0);
  g->present = 0;
}

/* ---------- one file ---------- */

struct result { unsigned local, numeric, changed; int failed; double worst_local[7], worst_num[7]; };

static void
run_config (backward_fn *fn, size_t D, size_t H, size_t C, size_t N,
            unsigned long seed, struct result *R)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  bp_net *n = net_new (D, H, C);
  bp_cache *c = cache_new (N, H, C);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  double reg = 0.1, *num[7], *loc[7], *stu[7], *stu2[7];
  size_t i, j;
  int id, tries;

  gsl_rng_set (r, seed);
  for (id = 0; id < 7; id++) {
    size_t L = grad_len (g, id);
    num[id] = malloc (L * sizeof (double)); loc[id] = malloc (L * sizeof (double));
    stu[id] = malloc (L * sizeof (double)); stu2[id] = malloc (L * sizeof (double));
  }

  /* a random problem whose hidden pre-activations keep away from the kink */
  for (tries = 0; tries < 1000; tries++) {
    double zmin = INFINITY;
    for (i = 0; i < N; i++) for (j = 0; j < D; j++) gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
    for (i = 0; i < N; i++) y[i] = gsl_rng_uniform_int (r, C);
    for (i = 0; i < n->theta->size; i++) n->theta->data[i] = gsl_ran_gaussian (r, 0.7);
    forward (n, X, y, reg, c);
    for (i = 0; i < N; i++) for (j = 0; j < H; j++) if (fabs (gsl_matrix_get (c->z1, i, j)) < zmin) zmin = fabs (gsl_matrix_get (c->z1, i, j));
    if (zmin > 1e-2) break;
  }

  numeric (n, X, y, reg, c, num);

  garbage (r, g);
  if (fn (n, X, y, reg, c, g) != 0) { R->failed = 1; goto out; }
  for (id = 0; id < 7; id++) grad_get (g, id, stu[id]);
  local (n, X, y, reg, c, g, loc);
  for (id = 0; id < 7; id++) {
    size_t L = grad_len (g, id);
    double el = relerr (stu[id], loc[id], L), en = relerr (stu[id], num[id], L);
    if (el > R->worst_local[id]) R->worst_local[id] = el;
    if (en > R->worst_num[id]) R->worst_num[id] = en;
    if (el > TOL) R->local |= 1u << id;
    if (en > TOL) R->numeric |= 1u << id;
  }

  /* second call over the first call's outputs */
  if (fn (n, X, y, reg, c, g) != 0) { R->failed = 1; goto out; }
  for (id = 0; id < 7; id++) {
    size_t L = grad_len (g, id);
    grad_get (g, id, stu2[id]);
    if (relerr (stu[id], stu2[id], L) > 1e-12) R->changed |= 1u << id;
  }

out:
  for (id = 0; id < 7; id++) { free (num[id]); free (loc[id]); free (stu[id]); free (stu2[id]); }
  free (y); gsl_matrix_free (X);
  gsl_rng_free (r);
  /* n, c, g are left to the child's exit */
}

static void
list (char *buf, unsigned mask)
{
  int id;
  buf[0] = 0;
  for (id = 0; id < 7; id++)
    if (mask & (1u << id)) {
      if (buf[0]) strcat (buf, ",");
      strcat (buf, NAMES[id]);
    }
  if (!buf[0]) strcpy (buf, "-");
}

static int
label_one (const char *path, int verbose)
{
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  static const unsigned long seeds[2] = { 11, 2024 };
  char name[512], a[128], b[128], d[128], e[128];
  const char *base = strrchr (path, '/');
  void *h;
  backward_fn *fn;
  struct result R;
  int s, k, id;
  size_t L;

  base = base ? base + 1 : path;
  snprintf (name, sizeof name, "%s", base);
  L = strlen (name);
  if (L > 3 && strcmp (name + L - 3, ".so") == 0) strcpy (name + L - 3, ".c");

  h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h) { printf ("%s: cannot load: %s\n", name, dlerror ()); return 2; }
  fn = (backward_fn *) dlsym (h, "backward");
  if (!fn) { printf ("%s: no symbol backward\n", name); return 2; }

  memset (&R, 0, sizeof R);
  for (k = 0; k < 2; k++)
    for (s = 0; s < 2; s++) {
      struct result r1;
      memset (&r1, 0, sizeof r1);
      run_config (fn, cfg[k][0], cfg[k][1], cfg[k][2], cfg[k][3], seeds[s], &r1);
      if (r1.failed) { printf ("%s: backward returned nonzero\n", name); return 2; }
      if (verbose && (k || s) && (r1.local != R.local || r1.numeric != R.numeric))
        printf ("  (%s: net %zu-%zu-%zu batch %zu seed %lu differs from the first config)\n",
                name, cfg[k][0], cfg[k][1], cfg[k][2], cfg[k][3], seeds[s]);
      R.local |= r1.local; R.numeric |= r1.numeric; R.changed |= r1.changed;
      for (id = 0; id < 7; id++) {
        if (r1.worst_local[id] > R.worst_local[id]) R.worst_local[id] = r1.worst_local[id];
        if (r1.worst_num[id] > R.worst_num[id]) R.worst_num[id] = r1.worst_num[id];
      }
    }
  list (a, R.local);
  list (b, R.numeric);
  list (d, R.numeric & ~R.local);
  list (e, R.changed);
  printf ("%s: correct: %s  local: %s  numeric: %s  inherited: %s  2nd-call-changed: %s\n",
          name, (R.local | R.numeric) ? "no" : "yes", a, b, d, e);
  if (verbose) {
    printf ("   worst rel err  ");
    for (id = 0; id < 7; id++) printf (" %s loc %.1e num %.1e;", NAMES[id], R.worst_local[id], R.worst_num[id]);
    printf ("\n");
  }
  fflush (stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  int i, verbose = 0, first = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0) { verbose = 1; first = 2; }
  if (argc <= first) { fprintf (stderr, "usage: label [-v] FILE.so...\n"); return 2; }
  for (i = first; i < argc; i++) {
    pid_t p;
    int st;
    fflush (stdout);
    p = fork ();
    if (p == 0) _exit (label_one (argv[i], verbose));
    waitpid (p, &st, 0);
    if (WIFSIGNALED (st)) {
      const char *base = strrchr (argv[i], '/');
      printf ("%s: crashed (signal %d)\n", base ? base + 1 : argv[i], WTERMSIG (st));
    }
  }
  return 0;
}
