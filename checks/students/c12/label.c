/* label.c -- the labeller of set c12, written from the mathematics alone.
 *
 * Build:  cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *            $(pkg-config --libs gsl) -ldl
 * Run:    ./label OUTDIR/s01_x.so OUTDIR/s02_y.so ...
 *
 * Only the types of net.h and grads.h are used (to hand the student the
 * structs he expects); every number is computed here, with GSL.
 *
 * The net:  z1 = X W1 + 1 b1',  p1 = relu(z1),  z2 = p1 W2 + 1 b2',
 *           loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each .so, in a child process (a crash is reported, not fatal), for
 * seeds 1 and 2 and the shapes 5-10-3 (N 7) and 6-8-4 (N 9), reg 0.1:
 *   - a random net with nonzero biases, a batch with no |z1| below 1e-3
 *     (so that centred differences do not straddle a ReLU kink);
 *   - g is filled with garbage, the student's backward is called;
 *   - each gradient is compared
 *       (a) with centred differences of the loss (dz2, dp1 and dz1 as the
 *           derivative with respect to the intermediate z2, p1, z1: the
 *           rest of the forward pass recomputed from the perturbed one);
 *       (b) with its own rule applied to the student's own upstream:
 *             dW2 = p1' dz2 + 2 reg W2    db2 = colsum dz2   dp1 = dz2 W2'
 *             dz1 = dp1 * [z1 > 0]        dW1 = X' dz1 + 2 reg W1
 *             db1 = colsum dz1            (dz2: (a) is its rule)
 *     root = (b) fails; inherited = (a) fails and (b) holds; ok = (a) holds.
 *   - the backward is called a second time over the first call's outputs
 *     (as training does) and any change of the seven gradients is reported.
 * The last line of each file's block is "local: ROOTS" (roots in backprop
 * order, over all four problems), or "local: none"; then the summary.
 * With --labels labels.tsv first, each file's roots are compared with the
 * row of the same name (.c for .so): "agree" or "DISAGREE", and the exit
 * status is 1 if any row disagrees or is missing. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sys/wait.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM 1e-5            /* against centred differences */
#define TOL_LOC 1e-7            /* against the rule on the student's upstream */

/* ---- structs -------------------------------------------------------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (n->data, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (n->data, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (n->data + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (n->data + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (n->data + D * H + H + H * C, C);
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
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  g->dW1_view = gsl_matrix_view_vector (g->dtheta, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_subvector (g->dtheta, D * H, H);
  g->db1 = &g->db1_view.vector;
  {
    gsl_vector_view t = gsl_vector_subvector (g->dtheta, D * H + H, H * C);
    g->dW2_view = gsl_matrix_view_vector (&t.vector, H, C);
  }
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_subvector (g->dtheta, D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = 0;
  return g;
}

/* gradient id as a matrix view (biases as one row) */
static gsl_matrix_view
gview (bp_grads *g, int id)
{
  switch (id)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->dz2->size1, g->dz2->size2);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->dW2->size1, g->dW2->size2);
    case 2: return gsl_matrix_view_vector (g->db2, 1, g->db2->size);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->dp1->size1, g->dp1->size2);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->dz1->size1, g->dz1->size2);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->dW1->size1, g->dW1->size2);
    default: return gsl_matrix_view_vector (g->db1, 1, g->db1->size);
    }
}

/* ---- forward and loss ----------------------------------------------- */

static void
relu (const gsl_matrix *z, gsl_matrix *p)
{
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      {
        double v = gsl_matrix_get (z, i, j);
        gsl_matrix_set (p, i, j, v > 0 ? v : 0.0);
      }
}

/* Z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (Z, i, j, gsl_vector_get (b, j));
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 1.0, Z);
}

/* mean cross-entropy of the scores z2; prob filled unless NULL */
static double
ce (const gsl_matrix *z2, const size_t *y, gsl_matrix *prob)
{
  size_t N = z2->size1, C = z2->size2;
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), s = 0;
      for (size_t j = 1; j < C; j++)
        if (gsl_matrix_get (z2, i, j) > m)
          m = gsl_matrix_get (z2, i, j);
      for (size_t j = 0; j < C; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      L += -(gsl_matrix_get (z2, i, y[i]) - m - log (s));
      if (prob)
        for (size_t j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (z2, i, j) - m) / s);
    }
  return L / N;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static void
forward (const bp_net *n, const gsl_matrix *X, bp_cache *c)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
}

static double
loss (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
      bp_cache *c)
{
  forward (n, X, c);
  return ce (c->z2, y, c->prob) + reg * (sumsq (n->W1) + sumsq (n->W2));
}

/* ---- the truth by centred differences ------------------------------- */

#define H_FD 1e-5

typedef struct truth {
  gsl_matrix *dz2, *dp1, *dz1;
  gsl_vector *dtheta;
} truth;

static double
loss_from_p1 (const bp_net *n, const gsl_matrix *p1, const size_t *y,
              gsl_matrix *z2tmp)
{
  affine (p1, n->W2, n->b2, z2tmp);
  return ce (z2tmp, y, NULL);
}

static double
loss_from_z1 (const bp_net *n, const gsl_matrix *z1, const size_t *y,
              gsl_matrix *p1tmp, gsl_matrix *z2tmp)
{
  relu (z1, p1tmp);
  return loss_from_p1 (n, p1tmp, y, z2tmp);
}

static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *c, truth *t)
{
  size_t N = X->size1, H = n->H, C = n->C;
  gsl_matrix *z2 = gsl_matrix_alloc (N, C), *z2b = gsl_matrix_alloc (N, C);
  gsl_matrix *p1 = gsl_matrix_alloc (N, H), *p1b = gsl_matrix_alloc (N, H);
  gsl_matrix *z1 = gsl_matrix_alloc (N, H);
  bp_cache *w = cache_new (N, H, C);

  gsl_matrix_memcpy (z2, c->z2);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (z2, i, j), a, b;
        gsl_matrix_set (z2, i, j, v + H_FD); a = ce (z2, y, NULL);
        gsl_matrix_set (z2, i, j, v - H_FD); b = ce (z2, y, NULL);
        gsl_matrix_set (z2, i, j, v);
        gsl_matrix_set (t->dz2, i, j, (a - b) / (2 * H_FD));
      }
  gsl_matrix_memcpy (p1, c->p1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (p1, i, j), a, b;
        gsl_matrix_set (p1, i, j, v + H_FD); a = loss_from_p1 (n, p1, y, z2b);
        gsl_matrix_set (p1, i, j, v - H_FD); b = loss_from_p1 (n, p1, y, z2b);
        gsl_matrix_set (p1, i, j, v);
        gsl_matrix_set (t->dp1, i, j, (a - b) / (2 * H_FD));
      }
  gsl_matrix_memcpy (z1, c->z1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (z1, i, j), a, b;
        gsl_matrix_set (z1, i, j, v + H_FD); a = loss_from_z1 (n, z1, y, p1b, z2b);
        gsl_matrix_set (z1, i, j, v - H_FD); b = loss_from_z1 (n, z1, y, p1b, z2b);
        gsl_matrix_set (z1, i, j, v);
        gsl_matrix_set (t->dz1, i, j, (a - b) / (2 * H_FD));
      }
  for (size_t k = 0; k < n->theta->size; k++)
    {
      double v = gsl_vector_get (n->theta, k), a, b;
      gsl_vector_set (n->theta, k, v + H_FD); a = loss (n, X, y, reg, w);
      gsl_vector_set (n->theta, k, v - H_FD); b = loss (n, X, y, reg, w);
      gsl_vector_set (n->theta, k, v);
      gsl_vector_set (t->dtheta, k, (a - b) / (2 * H_FD));
    }
  gsl_matrix_free (z2); gsl_matrix_free (z2b); gsl_matrix_free (p1);
  gsl_matrix_free (p1b); gsl_matrix_free (z1);
}

/* ---- comparison ----------------------------------------------------- */

static int
finite_all (const gsl_matrix *A)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      if (!isfinite (gsl_matrix_get (A, i, j)))
        return 0;
  return 1;
}

/* max |A - B| / max(max |A|, max |B|); 0 when both are zero */
static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  double d = 0, s = 0;
  if (!finite_all (A) || !finite_all (B))
    return INFINITY;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        if (fabs (a - b) > d) d = fabs (a - b);
        if (fabs (a) > s) s = fabs (a);
        if (fabs (b) > s) s = fabs (b);
      }
  return s > 0 ? d / s : 0.0;
}

static double
maxabsdiff (const gsl_matrix *A, const gsl_matrix *B)
{
  double d = 0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        double e = fabs (a - b);
        if (isnan (a) != isnan (b) || e > d || isnan (e))
          d = isnan (e) ? INFINITY : (e > d ? e : d);
      }
  return d;
}

/* The rules, on the student's own upstream; result in the bp_grads r. */
static void
local_rules (const bp_net *n, const gsl_matrix *X, double reg,
             const bp_cache *c, bp_grads *s, bp_grads *r)
{
  size_t N = X->size1;
  gsl_matrix_memcpy (r->dz2, s->dz2);     /* unused: dz2 is the head */
  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (r->dW2, n->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, s->dz2, 2 * reg, r->dW2);
  /* db2 = colsum dz2 */
  for (size_t j = 0; j < n->C; j++)
    {
      double a = 0;
      for (size_t i = 0; i < N; i++) a += gsl_matrix_get (s->dz2, i, j);
      gsl_vector_set (r->db2, j, a);
    }
  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, n->W2, 0.0, r->dp1);
  /* dz1 = dp1 * [z1 > 0] */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < n->H; j++)
      gsl_matrix_set (r->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (r->dW1, n->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, s->dz1, 2 * reg, r->dW1);
  /* db1 = colsum dz1 */
  for (size_t j = 0; j < n->H; j++)
    {
      double a = 0;
      for (size_t i = 0; i < N; i++) a += gsl_matrix_get (s->dz1, i, j);
      gsl_vector_set (r->db1, j, a);
    }
}

static void
garbage (bp_grads *g, gsl_rng *rng)
{
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view v = gview (g, id);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, gsl_rng_uniform (rng) * 10 - 5);
    }
}

/* ---- one problem ---------------------------------------------------- */

typedef struct shape { size_t D, H, C, N; } shape;

/* returns a bit mask of roots; prints a line per gradient */
static unsigned
run_problem (backward_fn *bw, shape sh, unsigned long seed, double reg,
             unsigned *wrong_mask, unsigned *changed_mask)
{
  size_t D = sh.D, H = sh.H, C = sh.C, N = sh.N;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed * 1000 + D * 100 + H * 10 + C);
  bp_net *net = net_new (D, H, C);
  bp_cache *c = cache_new (N, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  unsigned roots = 0;

  /* a net and batch without a z1 near the kink */
  for (int tries = 0;; tries++)
    {
      for (size_t k = 0; k < D * H; k++)
        gsl_vector_set (net->theta, k, gsl_ran_gaussian (rng, 1.0 / sqrt (D)));
      for (size_t k = 0; k < H; k++)
        gsl_vector_set (net->b1, k, gsl_ran_gaussian (rng, 0.3));
      for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < C; j++)
          gsl_matrix_set (net->W2, i, j, gsl_ran_gaussian (rng, 1.0 / sqrt (H)));
      for (size_t k = 0; k < C; k++)
        gsl_vector_set (net->b2, k, gsl_ran_gaussian (rng, 0.3));
      for (size_t i = 0; i < N; i++)
        {
          for (size_t j = 0; j < D; j++)
            gsl_matrix_set (X, i, j, gsl_ran_gaussian (rng, 1.0));
          y[i] = gsl_rng_uniform_int (rng, C);
        }
      forward (net, X, c);
      double m = INFINITY;
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          if (fabs (gsl_matrix_get (c->z1, i, j)) < m)
            m = fabs (gsl_matrix_get (c->z1, i, j));
      if (m > 1e-3)
        break;
    }
  ce (c->z2, y, c->prob);

  truth t;
  bp_grads *tg = grads_new (N, D, H, C);
  t.dz2 = tg->dz2; t.dp1 = tg->dp1; t.dz1 = tg->dz1; t.dtheta = tg->dtheta;
  numeric (net, X, y, reg, c, &t);
  forward (net, X, c);
  ce (c->z2, y, c->prob);

  /* the student, over garbage */
  bp_grads *s = grads_new (N, D, H, C);
  garbage (s, rng);
  bp_net *net_copy = net_new (D, H, C);
  gsl_vector_memcpy (net_copy->theta, net->theta);
  int rc = bw (net_copy, X, y, reg, c, s);

  bp_grads *r = grads_new (N, D, H, C);
  local_rules (net, X, reg, c, s, r);

  printf ("  [%zu-%zu-%zu N=%zu seed %lu] rc=%d present=%#x\n   ",
          D, H, C, N, seed, rc, s->present);
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view sv = gview (s, id), tv = gview (tg, id), rv = gview (r, id);
      double en = relerr (&sv.matrix, &tv.matrix);
      double el = id == 0 ? en : relerr (&sv.matrix, &rv.matrix);
      const char *st;
      int wrong = en > TOL_NUM, lwrong = id == 0 ? wrong : el > TOL_LOC;
      if (!wrong && !lwrong) st = "ok";
      else if (lwrong && wrong) { st = "root"; roots |= 1u << id; }
      else if (wrong) st = "inherited";
      else st = "ok(local-mismatch)";
      if (wrong) *wrong_mask |= 1u << id;
      printf (" %s:%s(%.1e/%.1e)", names[id], st, en, el);
    }
  printf ("\n");

  /* the second call, over the first call's outputs */
  bp_grads *s1 = grads_new (N, D, H, C);
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view a = gview (s, id), b = gview (s1, id);
      gsl_matrix_memcpy (&b.matrix, &a.matrix);
    }
  bw (net_copy, X, y, reg, c, s);
  printf ("    second call:");
  int any = 0;
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view a = gview (s, id), b = gview (s1, id);
      double d = maxabsdiff (&a.matrix, &b.matrix);
      if (d > 1e-12)
        {
          printf (" %s changed by %.2e", names[id], d);
          *changed_mask |= 1u << id;
          any = 1;
        }
    }
  printf ("%s\n", any ? "" : " same");
  if (gsl_vector_equal (net->theta, net_copy->theta) != 1)
    printf ("    WARNING: the student changed the parameters\n");

  gsl_rng_free (rng);
  return roots;
}

static void
print_mask (const char *label, unsigned m)
{
  printf ("%s", label);
  if (!m)
    printf ("none");
  for (int id = 0, k = 0; id < 7; id++)
    if (m & (1u << id))
      printf ("%s%s", k++ ? "," : "", names[id]);
  printf ("\n");
}

static int
label_one (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("  cannot load: %s\n", dlerror ());
      return 2;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("  no symbol backward\n");
      return 2;
    }
  shape shapes[2] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  unsigned roots = 0, wrong = 0, changed = 0;
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int k = 0; k < 2; k++)
      roots |= run_problem (bw, shapes[k], seed, 0.1, &wrong, &changed);
  print_mask ("  wrong: ", wrong);
  if (changed)
    print_mask ("  second call changes: ", changed);
  print_mask ("  local: ", roots);
  fflush (stdout);
  return 0;
}

/* the label of FILE (base name, .so or .c) in labels.tsv: its root
 * column ("-" read as "none") and correct column; 0 if no row */
static int
find_label (const char *tsv, const char *base, char *root, char *correct)
{
  FILE *f = fopen (tsv, "r");
  char line[1024], want[256];
  snprintf (want, sizeof want, "%s", base);
  char *dot = strrchr (want, '.');
  if (dot && !strcmp (dot, ".so"))
    strcpy (dot, ".c");
  if (!f)
    return 0;
  while (fgets (line, sizeof line, f))
    {
      char *file = strtok (line, "\t");
      char *cor = strtok (NULL, "\t");
      char *r = strtok (NULL, "\t");
      if (file && cor && r && !strcmp (file, want))
        {
          strcpy (root, strcmp (r, "-") ? r : "none");
          strcpy (correct, cor);
          fclose (f);
          return 1;
        }
    }
  fclose (f);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *labels = NULL;
  int first = 1, bad = 0;
  if (argc > 2 && !strcmp (argv[1], "--labels"))
    {
      labels = argv[2];
      first = 3;
    }
  if (argc <= first)
    {
      fprintf (stderr, "usage: label [--labels labels.tsv] FILE.so ...\n");
      return 2;
    }
  char summary[64][512];
  int ns = 0;
  for (int a = first; a < argc; a++)
    {
      const char *base = strrchr (argv[a], '/');
      base = base ? base + 1 : argv[a];
      printf ("%s\n", base);
      fflush (stdout);
      int fd[2];
      if (pipe (fd) != 0)
        return 2;
      pid_t pid = fork ();
      if (pid == 0)
        {
          /* the child writes its "local:" line to the pipe too */
          close (fd[0]);
          if (dup2 (fd[1], STDOUT_FILENO) < 0)
            _exit (2);
          _exit (label_one (argv[a]));
        }
      close (fd[1]);
      char buf[4096], last[256] = "";
      FILE *f = fdopen (fd[0], "r");
      while (fgets (buf, sizeof buf, f))
        {
          fputs (buf, stdout);
          if (!strncmp (buf, "  local: ", 9))
            snprintf (last, sizeof last, "%.200s", buf + 9);
        }
      fclose (f);
      int st;
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        {
          printf ("  CRASH (signal %d)\n", WTERMSIG (st));
          snprintf (last, sizeof last, "CRASH\n");
        }
      last[strcspn (last, "\n")] = 0;
      char verdict[300] = "";
      if (labels)
        {
          char root[256], correct[16];
          if (!find_label (labels, base, root, correct))
            {
              snprintf (verdict, sizeof verdict, "  DISAGREE (no row)");
              bad = 1;
            }
          else if (strcmp (root, last)
                   || (strcmp (correct, "yes") == 0) != (strcmp (last, "none") == 0))
            {
              snprintf (verdict, sizeof verdict, "  DISAGREE (label %.200s, %s)",
                        root, correct);
              bad = 1;
            }
          else
            snprintf (verdict, sizeof verdict, "  agree");
        }
      if (ns < 64)
        snprintf (summary[ns++], 512, "%-28s %-12s%s", base,
                  last[0] ? last : "?", verdict);
    }
  printf ("\nsummary (file, roots):\n");
  for (int i = 0; i < ns; i++)
    printf ("  %s\n", summary[i]);
  return bad;
}
