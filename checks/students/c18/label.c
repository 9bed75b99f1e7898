/* label.c -- an independent labeller for the student backward passes of
 * checks/students/c18.
 *
 * Written from the mathematics alone: it uses GSL and libdl, and takes
 * from the backprop headers only the layout of bp_net, bp_cache and
 * bp_grads (the structs a student's backward() reads and writes).  No
 * backprop library code is linked.
 *
 * For each shared object given on the command line it
 *   - builds random nets (seeds 1 and 2, each as 5-10-3 with a batch of 7
 *     and as 6-8-4 with a batch of 9; reg 0.1), runs its own forward pass,
 *   - fills every gradient with garbage and calls the student's backward(),
 *   - compares each of the seven gradients
 *       (a) with centred differences of the loss: for dW1, db1, dW2, db2
 *           of the loss with respect to the parameter, for dz2, dp1, dz1
 *           of the loss with respect to the intermediate z2, p1, z1 with
 *           everything after it recomputed from the perturbed value;
 *       (b) with its own rule applied to the student's OWN upstream:
 *             dz2 = (softmax(z2) - onehot(y)) / N    (no upstream)
 *             dW2 = p1' dz2 + 2 reg W2   db2 = colsum dz2   dp1 = dz2 W2'
 *             dz1 = dp1 * [z1 > 0]
 *             dW1 = X' dz1 + 2 reg W1    db1 = colsum dz1
 *       A gradient wrong by (b) is a root ("local"); one wrong by (a) but
 *       right by (b) is inherited.
 *   - calls backward() a second time over the first call's outputs (as a
 *     training loop does) and reports the gradients whose values change,
 *   - checks that the student left X, the net and the cache alone.
 * Each file runs in a child process, so a crash is reported, not fatal.
 *
 * With -l labels.tsv it also compares the roots it found with the root
 * column of labels.tsv and prints AGREE or DISAGREE per file.
 *
 * Build and run (from this directory):
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -lm
 *   ./build.sh /tmp/c18 && ./label -l labels.tsv /tmp/c18/s*.so
 */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/grads.h"     /* struct layouts only */

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { G_DZ2, G_DW2, G_DB2, G_DP1, G_DZ1, G_DW1, G_DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1",
                                 "db1" };

#define REG 0.1
#define STEP 1e-5
#define TOL_NUM 1e-5            /* (a): centred differences */
#define TOL_LOCAL 1e-8          /* (b): the same arithmetic, another order */
#define TOL_AGAIN 1e-12         /* second call against the first */

/* ---- the problem ---- */

typedef struct {
  size_t N, D, H, C;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
  bp_grads *g;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + n * sizeof (double));
  if (!net)
    abort ();
  net->D = D;
  net->H = H;
  net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, n);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (net->data, D, H);
  net->W1 = &net->W1_view.matrix;
  net->b1_view = gsl_vector_view_array (net->data + D * H, H);
  net->b1 = &net->b1_view.vector;
  net->W2_view = gsl_matrix_view_array (net->data + D * H + H, H, C);
  net->W2 = &net->W2_view.matrix;
  net->b2_view = gsl_vector_view_array (net->data + D * H + H + H * C, C);
  net->b2 = &net->b2_view.vector;
  return net;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t n = D * H + H + H * C + C;
  double *d;
  g->N = N;
  g->D = D;
  g->H = H;
  g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (n);
  d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  return g;
}

/* Gradient k of g as a flat array (all are contiguous: tda == size2). */
static double *
gdata (bp_grads *g, int k, size_t *len)
{
  switch (k)
    {
    case G_DZ2: *len = g->N * g->C; return g->dz2->data;
    case G_DW2: *len = g->H * g->C; return g->dW2->data;
    case G_DB2: *len = g->C; return g->db2->data;
    case G_DP1: *len = g->N * g->H; return g->dp1->data;
    case G_DZ1: *len = g->N * g->H; return g->dz1->data;
    case G_DW1: *len = g->D * g->H; return g->dW1->data;
    default: *len = g->H; return g->db1->data;
    }
}

/* z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, prob = softmax(z2),
 * from whichever of them the caller starts (0: X, 1: z1, 2: p1). */
static void
forward_from (const problem *P, int from)
{
  size_t i, j, k;
  bp_cache *c = P->cache;
  const bp_net *net = P->net;
  if (from <= 0)
    for (i = 0; i < P->N; i++)
      for (j = 0; j < P->H; j++)
        {
          double s = gsl_vector_get (net->b1, j);
          for (k = 0; k < P->D; k++)
            s += gsl_matrix_get (P->X, i, k) * gsl_matrix_get (net->W1, k, j);
          gsl_matrix_set (c->z1, i, j, s);
        }
  if (from <= 1)
    for (i = 0; i < P->N; i++)
      for (j = 0; j < P->H; j++)
        {
          double z = gsl_matrix_get (c->z1, i, j);
          gsl_matrix_set (c->p1, i, j, z > 0 ? z : 0.0);
        }
  for (i = 0; i < P->N; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (j = 0; j < P->C; j++)
        {
          double z = gsl_vector_get (net->b2, j);
          for (k = 0; k < P->H; k++)
            z += gsl_matrix_get (c->p1, i, k) * gsl_matrix_get (net->W2, k, j);
          gsl_matrix_set (c->z2, i, j, z);
          if (z > m)
            m = z;
        }
      for (j = 0; j < P->C; j++)
        s += exp (gsl_matrix_get (c->z2, i, j) - m);
      for (j = 0; j < P->C; j++)
        gsl_matrix_set (c->prob, i, j, exp (gsl_matrix_get (c->z2, i, j) - m) / s);
    }
}

/* The loss of the cache's z2, plus the penalty of the net. */
static double
loss_of_z2 (const problem *P)
{
  size_t i, j;
  double L = 0.0, r1 = 0.0, r2 = 0.0;
  const gsl_matrix *z2 = P->cache->z2;
  for (i = 0; i < P->N; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (j = 0; j < P->C; j++)
        if (gsl_matrix_get (z2, i, j) > m)
          m = gsl_matrix_get (z2, i, j);
      for (j = 0; j < P->C; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      L += m + log (s) - gsl_matrix_get (z2, i, P->y[i]);
    }
  L /= (double) P->N;
  for (i = 0; i < P->D * P->H; i++)
    r1 += P->net->W1->data[i] * P->net->W1->data[i];
  for (i = 0; i < P->H * P->C; i++)
    r2 += P->net->W2->data[i] * P->net->W2->data[i];
  return L + REG * (r1 + r2);
}

/* Centred differences of the loss with respect to the n doubles at v,
 * recomputing the forward pass from stage `from' (-1: only the loss). */
static void
numdiff (problem *P, double *v, size_t n, int from, double *out)
{
  size_t i;
  for (i = 0; i < n; i++)
    {
      double keep = v[i], lp, lm;
      v[i] = keep + STEP;
      if (from >= 0)
        forward_from (P, from);
      lp = loss_of_z2 (P);
      v[i] = keep - STEP;
      if (from >= 0)
        forward_from (P, from);
      lm = loss_of_z2 (P);
      v[i] = keep;
      out[i] = (lp - lm) / (2 * STEP);
    }
  forward_from (P, 0);
}

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *P = calloc (1, sizeof *P);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, tries;
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  P->N = N;
  P->D = D;
  P->H = H;
  P->C = C;
  P->net = net_new (D, H, C);
  P->X = gsl_matrix_alloc (N, D);
  P->y = malloc (N * sizeof (size_t));
  P->cache = calloc (1, sizeof (bp_cache));
  P->cache->N = N;
  P->cache->H = H;
  P->cache->C = C;
  P->cache->z1 = gsl_matrix_alloc (N, H);
  P->cache->p1 = gsl_matrix_alloc (N, H);
  P->cache->z2 = gsl_matrix_alloc (N, C);
  P->cache->prob = gsl_matrix_alloc (N, C);
  P->g = grads_new (N, D, H, C);
  /* Draw until no z1 is within 1e-3 of the ReLU's kink (the centred
   * differences would straddle it) and both signs of z1 are common. */
  for (tries = 0; tries < 1000; tries++)
    {
      size_t neg = 0, near = 0;
      for (i = 0; i < N * D; i++)
        P->X->data[i] = gsl_ran_gaussian (r, 1.0);
      for (i = 0; i < N; i++)
        P->y[i] = gsl_rng_uniform_int (r, C);
      for (i = 0; i < D * H; i++)
        P->net->W1->data[i] = gsl_ran_gaussian (r, 0.8);
      for (i = 0; i < H; i++)
        P->net->b1->data[i] = gsl_ran_gaussian (r, 0.2);
      for (i = 0; i < H * C; i++)
        P->net->W2->data[i] = gsl_ran_gaussian (r, 0.8);
      for (i = 0; i < C; i++)
        P->net->b2->data[i] = gsl_ran_gaussian (r, 0.2);
      forward_from (P, 0);
      for (i = 0; i < N * H; i++)
        {
          double z = P->cache->z1->data[i];
          if (z < 0)
            neg++;
          if (fabs (z) < 1e-3)
            near++;
        }
      if (near == 0 && neg >= N && neg + N <= N * H)
        break;
    }
  gsl_rng_free (r);
  return P;
}

static void
fill_garbage (problem *P, gsl_rng *r)
{
  int k;
  for (k = 0; k < NG; k++)
    {
      size_t n, i;
      double *d = gdata (P->g, k, &n);
      for (i = 0; i < n; i++)
        d[i] = gsl_ran_flat (r, -3.0, 3.0);
    }
}

/* ||a - b|| / (||a|| + ||b||), 0 when both are zero, 1 when not finite. */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, na = 0, nb = 0;
  size_t i;
  for (i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return 1.0;
      d += (a[i] - b[i]) * (a[i] - b[i]);
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  if (na + nb == 0)
    return 0.0;
  return sqrt (d) / (sqrt (na) + sqrt (nb));
}

/* The local rule of gradient k, from the student's own upstream in g. */
static void
local_rule (const problem *P, int k, double *out)
{
  const bp_grads *g = P->g;
  const bp_cache *c = P->cache;
  size_t N = P->N, D = P->D, H = P->H, C = P->C, i, j, n;
  switch (k)
    {
    case G_DZ2:
      for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
          out[i * C + j] = (gsl_matrix_get (c->prob, i, j)
                            - (j == P->y[i] ? 1.0 : 0.0)) / (double) N;
      break;
    case G_DW2:
      for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
          {
            double s = 2 * REG * gsl_matrix_get (P->net->W2, i, j);
            for (n = 0; n < N; n++)
              s += gsl_matrix_get (c->p1, n, i) * gsl_matrix_get (g->dz2, n, j);
            out[i * C + j] = s;
          }
      break;
    case G_DB2:
      for (j = 0; j < C; j++)
        {
          double s = 0;
          for (n = 0; n < N; n++)
            s += gsl_matrix_get (g->dz2, n, j);
          out[j] = s;
        }
      break;
    case G_DP1:
      for (n = 0; n < N; n++)
        for (i = 0; i < H; i++)
          {
            double s = 0;
            for (j = 0; j < C; j++)
              s += gsl_matrix_get (g->dz2, n, j) * gsl_matrix_get (P->net->W2, i, j);
            out[n * H + i] = s;
          }
      break;
    case G_DZ1:
      for (n = 0; n < N; n++)
        for (i = 0; i < H; i++)
          out[n * H + i] = gsl_matrix_get (c->z1, n, i) > 0
            ? gsl_matrix_get (g->dp1, n, i) : 0.0;
      break;
    case G_DW1:
      for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
          {
            double s = 2 * REG * gsl_matrix_get (P->net->W1, i, j);
            for (n = 0; n < N; n++)
              s += gsl_matrix_get (P->X, n, i) * gsl_matrix_get (g->dz1, n, j);
            out[i * H + j] = s;
          }
      break;
    default:
      for (j = 0; j < H; j++)
        {
          double s = 0;
          for (n = 0; n < N; n++)
            s += gsl_matrix_get (g->dz1, n, j);
          out[j] = s;
        }
    }
}

/* The finite-difference gradient k. */
static void
numeric (problem *P, int k, double *out)
{
  bp_net *net = P->net;
  switch (k)
    {
    case G_DZ2: numdiff (P, P->cache->z2->data, P->N * P->C, -1, out); break;
    case G_DW2: numdiff (P, net->W2->data, P->H * P->C, 0, out); break;
    case G_DB2: numdiff (P, net->b2->data, P->C, 0, out); break;
    case G_DP1: numdiff (P, P->cache->p1->data, P->N * P->H, 2, out); break;
    case G_DZ1: numdiff (P, P->cache->z1->data, P->N * P->H, 1, out); break;
    case G_DW1: numdiff (P, net->W1->data, P->D * P->H, 0, out); break;
    default: numdiff (P, net->b1->data, P->H, 0, out);
    }
}

/* A snapshot of everything the student must not change. */
typedef struct { double *v; size_t n; } snap;

static snap
take (const problem *P)
{
  size_t nt = P->net->theta->size, nx = P->N * P->D, nc = 2 * P->N * P->H
    + 2 * P->N * P->C;
  snap s;
  s.n = nt + nx + nc;
  s.v = malloc (s.n * sizeof (double));
  memcpy (s.v, P->net->data, nt * sizeof (double));
  memcpy (s.v + nt, P->X->data, nx * sizeof (double));
  memcpy (s.v + nt + nx, P->cache->z1->data, P->N * P->H * sizeof (double));
  memcpy (s.v + nt + nx + P->N * P->H, P->cache->p1->data,
          P->N * P->H * sizeof (double));
  memcpy (s.v + nt + nx + 2 * P->N * P->H, P->cache->z2->data,
          P->N * P->C * sizeof (double));
  memcpy (s.v + nt + nx + 2 * P->N * P->H + P->N * P->C, P->cache->prob->data,
          P->N * P->C * sizeof (double));
  return s;
}

/* Results of one configuration: bit k of wrong / local / again. */
typedef struct { unsigned wrong, local, again, bad_inputs, failed; } result;

static result
run_config (backward_fn *bw, unsigned long seed, size_t D, size_t H,
            size_t C, size_t N, int verbose)
{
  problem *P = problem_new (seed, D, H, C, N);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  result R = { 0, 0, 0, 0, 0 };
  double *first[NG], *buf;
  size_t maxn = (D * H > N * H ? D * H : N * H) + N * C + H * C + 16;
  snap s0, s1;
  int k, rc;
  gsl_rng_set (r, seed + 77);
  buf = malloc (maxn * sizeof (double));

  fill_garbage (P, r);
  s0 = take (P);
  P->g->present = 0;
  rc = bw (P->net, P->X, P->y, REG, P->cache, P->g);
  s1 = take (P);
  if (memcmp (s0.v, s1.v, s0.n * sizeof (double)) != 0)
    {
      R.bad_inputs = 1;
      memcpy (P->net->data, s0.v, P->net->theta->size * sizeof (double));
      memcpy (P->X->data, s0.v + P->net->theta->size, N * D * sizeof (double));
      forward_from (P, 0);
    }
  if (rc != 0)
    R.failed = 1;

  if (verbose)
    printf ("    seed %lu  %zu-%zu-%zu  N=%zu :", seed, D, H, C, N);
  for (k = 0; k < NG; k++)
    {
      size_t n;
      double *sd = gdata (P->g, k, &n), ea, eb;
      first[k] = malloc (n * sizeof (double));
      memcpy (first[k], sd, n * sizeof (double));
      numeric (P, k, buf);
      ea = relerr (sd, buf, n);
      local_rule (P, k, buf);
      eb = relerr (sd, buf, n);
      if (ea > TOL_NUM)
        R.wrong |= 1u << k;
      if (eb > TOL_LOCAL)
        R.local |= 1u << k;
      if (verbose)
        printf (" %s %.1e/%.1e%s", gname[k], ea, eb,
                eb > TOL_LOCAL ? "*" : ea > TOL_NUM ? "~" : "");
    }
  if (verbose)
    printf ("\n");

  /* Second call, over the first call's outputs. */
  bw (P->net, P->X, P->y, REG, P->cache, P->g);
  for (k = 0; k < NG; k++)
    {
      size_t n;
      double *sd = gdata (P->g, k, &n);
      if (relerr (sd, first[k], n) > TOL_AGAIN)
        R.again |= 1u << k;
      free (first[k]);
    }
  free (buf);
  free (s0.v);
  free (s1.v);
  gsl_rng_free (r);
  return R;
}

static void
print_set (const char *label, unsigned bits)
{
  int k, first = 1;
  printf ("  %s ", label);
  for (k = 0; k < NG; k++)
    if (bits & (1u << k))
      {
        printf ("%s%s", first ? "" : ",", gname[k]);
        first = 0;
      }
  if (first)
    printf ("-");
}

static void
set_string (unsigned bits, char *out)
{
  int k;
  out[0] = 0;
  for (k = 0; k < NG; k++)
    if (bits & (1u << k))
      {
        if (out[0])
          strcat (out, ",");
        strcat (out, gname[k]);
      }
}

/* The root column of labels.tsv for file base (NAME.c), or NULL. */
static char *
label_root (const char *tsv, const char *base, char *correct)
{
  static char root[256];
  char line[4096];
  FILE *f = fopen (tsv, "r");
  if (!f)
    return NULL;
  while (fgets (line, sizeof line, f))
    {
      char *cols[5], *p = line;
      int c;
      for (c = 0; c < 5; c++)
        {
          cols[c] = p;
          p = p ? strchr (p, '\t') : NULL;
          if (p)
            *p++ = 0;
        }
      if (cols[1] && strcmp (cols[0], base) == 0)
        {
          strncpy (correct, cols[1], 7);
          correct[7] = 0;
          snprintf (root, sizeof root, "%s",
                    cols[2] && strcmp (cols[2], "-") != 0 ? cols[2] : "");
          fclose (f);
          return root;
        }
    }
  fclose (f);
  return NULL;
}

static int
label_one (const char *so, const char *tsv, int verbose)
{
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  void *h = dlopen (so, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  unsigned wrong = 0, local = 0, again = 0, local_all = ~0u;
  int bad = 0, failed = 0, s, c;
  char base[256], mine[256];
  const char *b = strrchr (so, '/');
  b = b ? b + 1 : so;
  snprintf (base, sizeof base, "%s", b);
  if (strlen (base) > 3 && strcmp (base + strlen (base) - 3, ".so") == 0)
    strcpy (base + strlen (base) - 3, ".c");
  if (!h)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      return 1;
    }
  bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no function backward\n", base);
      return 1;
    }
  printf ("%s\n", base);
  for (s = 1; s <= 2; s++)
    for (c = 0; c < 2; c++)
      {
        result R = run_config (bw, s, cfg[c][0], cfg[c][1], cfg[c][2],
                               cfg[c][3], verbose);
        wrong |= R.wrong;
        local |= R.local;
        local_all &= R.local;
        again |= R.again;
        bad |= R.bad_inputs;
        failed |= R.failed;
      }
  print_set ("local:", local);
  print_set (" wrong:", wrong);
  print_set (" second call changes:", again);
  printf ("\n");
  if (local != local_all)
    printf ("  note: the roots differ between nets\n");
  if (bad)
    printf ("  note: backward() changed X, the net or the cache\n");
  if (failed)
    printf ("  note: backward() returned nonzero\n");
  if (tsv)
    {
      char correct[8] = "";
      char *lr = label_root (tsv, base, correct);
      set_string (local, mine);
      if (!lr)
        printf ("  label: none\n");
      else
        {
          int ok = strcmp (lr, mine) == 0
            && ((strcmp (correct, "yes") == 0) == (local == 0 && wrong == 0));
          printf ("  label: correct=%s root=%s  %s\n", correct,
                  lr[0] ? lr : "-", ok ? "AGREE" : "DISAGREE");
          return ok ? 0 : 3;
        }
    }
  return 0;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int i = 1, verbose = 0, status = 0, nfiles = 0, nagree = 0;
  while (i < argc && argv[i][0] == '-')
    {
      if (strcmp (argv[i], "-l") == 0 && i + 1 < argc)
        tsv = argv[++i];
      else if (strcmp (argv[i], "-v") == 0)
        verbose = 1;
      else
        {
          fprintf (stderr, "usage: label [-v] [-l labels.tsv] FILE.so...\n");
          return 2;
        }
      i++;
    }
  for (; i < argc; i++)
    {
      pid_t pid;
      int ws;
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          int rc = label_one (argv[i], tsv, verbose);
          fflush (stdout);
          _exit (rc);
        }
      waitpid (pid, &ws, 0);
      nfiles++;
      if (WIFSIGNALED (ws))
        {
          printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (ws));
          status = 1;
        }
      else if (WEXITSTATUS (ws) == 0)
        nagree++;
      else
        status = 1;
    }
  if (tsv)
    printf ("%d of %d files agree with %s\n", nagree, nfiles, tsv);
  return status;
}
