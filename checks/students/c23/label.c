/* label.c -- an independent labeller for the students' backward passes of
 * set c23.  Written from the mathematics only: GSL and libdl, the struct
 * layouts of backprop/net.h and backprop/grads.h, and no function of the
 * backprop library.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -lm
 *   ./label [-v] OUTDIR/s01_x.so OUTDIR/s02_y.so ...
 *
 * The net:  z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2,
 *           loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For every .so and every problem (seeds 1, 2 x nets 5-10-3 batch 7 and
 * 6-8-4 batch 9, reg 0.1) the gradients hold garbage before the call.  Each
 * of the seven gradients is then compared
 *   (a) "numeric": with centred differences of the loss with respect to the
 *       parameter, or for dz2, dp1, dz1 with respect to the intermediate
 *       z2, p1, z1 (what follows it recomputed, what precedes it fixed);
 *   (b) "local": with its own rule applied to the student's OWN upstream
 *       gradient:  dz2 = (prob - onehot(y)) / N
 *                  dW2 = p1' dz2 + 2 reg W2    db2 = colsum dz2
 *                  dp1 = dz2 W2'               dz1 = dp1 .* [z1 > 0]
 *                  dW1 = X' dz1 + 2 reg W1     db1 = colsum dz1
 * A gradient wrong in (b) is a root; wrong in (a) only, inherited.  The
 * backward pass is then called a second time on the first call's outputs
 * (as training does), and gradients that change are reported.
 * Each .so runs in a child process, so a crash is reported, not fatal. */

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

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM 1e-6
#define TOL_LOC 1e-9
#define STEP 1e-5
#define REG 0.1

static int verbose;

/* ---------- the net, built by hand in the layout of net.h ---------- */

static bp_net *
mknet (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + n * sizeof (double));
  double *p = net->data;
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (p, n);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (p, D, H);
  net->W1 = &net->W1_view.matrix;
  net->b1_view = gsl_vector_view_array (p + D * H, H);
  net->b1 = &net->b1_view.vector;
  net->W2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  net->W2 = &net->W2_view.matrix;
  net->b2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  net->b2 = &net->b2_view.vector;
  return net;
}

static bp_cache *
mkcache (size_t N, size_t H, size_t C)
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
mkgrads (size_t N, size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (n);
  double *p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (p + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = 0;
  return g;
}

/* gradient id as a matrix (biases as one row), aliasing g */
static gsl_matrix_view
gview (bp_grads *g, int id)
{
  switch (id)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->dz2->size1, g->dz2->size2);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->dW2->size1, g->dW2->size2);
    case 2: return gsl_matrix_view_array (g->db2->data, 1, g->db2->size);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->dp1->size1, g->dp1->size2);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->dz1->size1, g->dz1->size2);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->dW1->size1, g->dW1->size2);
    default: return gsl_matrix_view_array (g->db1->data, 1, g->db1->size);
    }
}

/* ---------- forward pass and loss, from the mathematics ---------- */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      {
        long double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += (long double) gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, (double) s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores z2; prob filled unless NULL */
static double
data_loss (const gsl_matrix *z2, const size_t *y, gsl_matrix *prob)
{
  size_t N = z2->size1, C = z2->size2;
  long double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0);
      for (size_t j = 1; j < C; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      long double s = 0;
      for (size_t j = 0; j < C; j++)
        s += expl ((long double) gsl_matrix_get (z2, i, j) - m);
      long double lse = m + logl (s);
      L += lse - gsl_matrix_get (z2, i, y[i]);
      if (prob)
        for (size_t j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j,
                          (double) expl (gsl_matrix_get (z2, i, j) - lse));
    }
  return (double) (L / N);
}

static double
reg_loss (const bp_net *net, double reg)
{
  long double s = 0;
  for (size_t k = 0; k < net->W1->size1 * net->W1->size2; k++)
    s += (long double) net->W1->data[k] * net->W1->data[k];
  for (size_t k = 0; k < net->W2->size1 * net->W2->size2; k++)
    s += (long double) net->W2->data[k] * net->W2->data[k];
  return (double) (reg * s);
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
}

/* loss from a given stage on; stage 0: X, 1: z1 given, 2: p1 given, 3: z2 given */
static double
loss_from (const bp_net *net, const gsl_matrix *X, const size_t *y,
           double reg, int stage, const gsl_matrix *given)
{
  size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *z1 = gsl_matrix_alloc (N, H), *p1 = gsl_matrix_alloc (N, H);
  gsl_matrix *z2 = gsl_matrix_alloc (N, C);
  if (stage == 0) affine (X, net->W1, net->b1, z1);
  if (stage == 1) gsl_matrix_memcpy (z1, given);
  if (stage <= 1) relu (z1, p1);
  if (stage == 2) gsl_matrix_memcpy (p1, given);
  if (stage <= 2) affine (p1, net->W2, net->b2, z2);
  if (stage == 3) gsl_matrix_memcpy (z2, given);
  double L = data_loss (z2, y, NULL) + reg_loss (net, reg);
  gsl_matrix_free (z1); gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

/* ---------- the reference gradients ---------- */

/* numeric gradient of the loss w.r.t. the entries of M, which the loss
 * reads (a parameter block of net, or a copy of an intermediate) */
static void
numgrad_entries (double *entries, size_t n, double *out,
                 const bp_net *net, const gsl_matrix *X, const size_t *y,
                 int stage, const gsl_matrix *given)
{
  for (size_t k = 0; k < n; k++)
    {
      double old = entries[k];
      entries[k] = old + STEP;
      double Lp = loss_from (net, X, y, REG, stage, given);
      entries[k] = old - STEP;
      double Lm = loss_from (net, X, y, REG, stage, given);
      entries[k] = old;
      out[k] = (Lp - Lm) / (2 * STEP);
    }
}

/* rule of gradient id applied to upstream gradients in u (a bp_grads) */
static void
rule (int id, const bp_net *net, const gsl_matrix *X, const size_t *y,
      const bp_cache *c, bp_grads *u, gsl_matrix *out)
{
  size_t N = X->size1;
  switch (id)
    {
    case 0:
      gsl_matrix_memcpy (out, c->prob);
      for (size_t i = 0; i < N; i++)
        gsl_matrix_set (out, i, y[i], gsl_matrix_get (out, i, y[i]) - 1.0);
      gsl_matrix_scale (out, 1.0 / N);
      break;
    case 1:                     /* p1' dz2 + 2 reg W2 */
      for (size_t a = 0; a < out->size1; a++)
        for (size_t b = 0; b < out->size2; b++)
          {
            long double s = 2.0L * REG * gsl_matrix_get (net->W2, a, b);
            for (size_t i = 0; i < N; i++)
              s += (long double) gsl_matrix_get (c->p1, i, a) * gsl_matrix_get (u->dz2, i, b);
            gsl_matrix_set (out, a, b, (double) s);
          }
      break;
    case 5:                     /* X' dz1 + 2 reg W1 */
      for (size_t a = 0; a < out->size1; a++)
        for (size_t b = 0; b < out->size2; b++)
          {
            long double s = 2.0L * REG * gsl_matrix_get (net->W1, a, b);
            for (size_t i = 0; i < N; i++)
              s += (long double) gsl_matrix_get (X, i, a) * gsl_matrix_get (u->dz1, i, b);
            gsl_matrix_set (out, a, b, (double) s);
          }
      break;
    case 2: case 6:             /* column sums */
      {
        const gsl_matrix *d = id == 2 ? u->dz2 : u->dz1;
        for (size_t b = 0; b < out->size2; b++)
          {
            long double s = 0;
            for (size_t i = 0; i < N; i++)
              s += gsl_matrix_get (d, i, b);
            gsl_matrix_set (out, 0, b, (double) s);
          }
      }
      break;
    case 3:                     /* dz2 W2' */
      for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < out->size2; h++)
          {
            long double s = 0;
            for (size_t k = 0; k < net->C; k++)
              s += (long double) gsl_matrix_get (u->dz2, i, k) * gsl_matrix_get (net->W2, h, k);
            gsl_matrix_set (out, i, h, (double) s);
          }
      break;
    case 4:                     /* dp1 .* [z1 > 0] */
      for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < out->size2; h++)
          gsl_matrix_set (out, i, h, gsl_matrix_get (c->z1, i, h) > 0
                          ? gsl_matrix_get (u->dp1, i, h) : 0.0);
      break;
    }
}

static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0, m = 0;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x)) return INFINITY;
        d = fmax (d, fabs (x - z));
        m = fmax (m, fmax (fabs (x), fabs (z)));
      }
  return m > 1e-12 ? d / m : d;
}

/* ---------- one problem ---------- */

struct result
{
  int ret;                      /* the pass's return value */
  double num[NG], loc[NG];      /* relative errors */
  int changed[NG];              /* second call differs from first */
};

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  for (size_t k = 0; k < g->dtheta->size; k++)
    g->dtheta->data[k] = gsl_ran_flat (r, -3, 3);
  gsl_matrix *m[3] = { g->dz2, g->dp1, g->dz1 };
  for (int t = 0; t < 3; t++)
    for (size_t k = 0; k < m[t]->size1 * m[t]->size2; k++)
      m[t]->data[k] = gsl_ran_flat (r, -3, 3);
  g->present = 0;
}

static void
run_problem (bp_backward_fn *fn, unsigned long seed, size_t D, size_t H,
             size_t C, size_t N, struct result *res)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + D * 131 + N);
  bp_net *net = mknet (D, H, C);
  for (size_t k = 0; k < D * H; k++)
    net->W1->data[k] = gsl_ran_gaussian (r, 0.7);
  for (size_t k = 0; k < H; k++)
    net->b1->data[k] = gsl_ran_gaussian (r, 0.3);
  for (size_t k = 0; k < H * C; k++)
    net->W2->data[k] = gsl_ran_gaussian (r, 0.7);
  for (size_t k = 0; k < C; k++)
    net->b2->data[k] = gsl_ran_gaussian (r, 0.3);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t k = 0; k < N * D; k++)
    X->data[k] = gsl_ran_gaussian (r, 1.0);
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);

  bp_cache *c = mkcache (N, H, C);
  forward (net, X, c);
  data_loss (c->z2, y, c->prob);       /* fills prob */

  /* numeric reference, into a bp_grads of our own */
  bp_grads *ref = mkgrads (N, D, H, C);
  {
    gsl_matrix *t = gsl_matrix_alloc (N, C);
    gsl_matrix_memcpy (t, c->z2);
    numgrad_entries (t->data, N * C, ref->dz2->data, net, X, y, 3, t);
    gsl_matrix_free (t);
    t = gsl_matrix_alloc (N, H);
    gsl_matrix_memcpy (t, c->p1);
    numgrad_entries (t->data, N * H, ref->dp1->data, net, X, y, 2, t);
    gsl_matrix_memcpy (t, c->z1);
    numgrad_entries (t->data, N * H, ref->dz1->data, net, X, y, 1, t);
    gsl_matrix_free (t);
    /* parameters: theta and dtheta share a layout */
    numgrad_entries (net->data, net->theta->size, ref->dtheta->data,
                     net, X, y, 0, NULL);
  }

  bp_grads *g = mkgrads (N, D, H, C);
  fill_garbage (g, r);
  res->ret = fn (net, X, y, REG, c, g);

  gsl_matrix *want = gsl_matrix_alloc (N > D ? (N > H ? N : H) : (D > H ? D : H),
                                       H > C ? H : C);
  for (int id = 0; id < NG; id++)
    {
      gsl_matrix_view s = gview (g, id), n = gview (ref, id);
      gsl_matrix_view w = gsl_matrix_submatrix (want, 0, 0, s.matrix.size1,
                                                s.matrix.size2);
      res->num[id] = relerr (&s.matrix, &n.matrix);
      rule (id, net, X, y, c, g, &w.matrix);
      res->loc[id] = relerr (&s.matrix, &w.matrix);
    }

  /* second call over the first call's outputs */
  bp_grads *g1 = mkgrads (N, D, H, C);
  gsl_vector_memcpy (g1->dtheta, g->dtheta);
  gsl_matrix_memcpy (g1->dz2, g->dz2);
  gsl_matrix_memcpy (g1->dp1, g->dp1);
  gsl_matrix_memcpy (g1->dz1, g->dz1);
  fn (net, X, y, REG, c, g);
  for (int id = 0; id < NG; id++)
    {
      gsl_matrix_view a = gview (g, id), b = gview (g1, id);
      res->changed[id] = relerr (&a.matrix, &b.matrix) > TOL_LOC;
    }
  /* (structures leak: each .so runs in a child that exits) */
  gsl_rng_free (r);
}

/* ---------- driver ---------- */

static const struct { unsigned long seed; size_t D, H, C, N; } probs[] = {
  { 1, 5, 10, 3, 7 }, { 1, 6, 8, 4, 9 }, { 2, 5, 10, 3, 7 }, { 2, 6, 8, 4, 9 },
};
#define NPROB (sizeof probs / sizeof probs[0])

static int
label_one (const char *path)
{
  char buf[4096];
  if (!strchr (path, '/'))      /* dlopen would search the library path */
    snprintf (buf, sizeof buf, "./%s", path), path = buf;
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", path, dlerror ());
      return 2;
    }
  bp_backward_fn *fn = (bp_backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", path);
      return 2;
    }
  int rootany[NG] = { 0 }, numany[NG] = { 0 }, chg[NG] = { 0 }, bad = 0;
  for (size_t p = 0; p < NPROB; p++)
    {
      struct result res;
      run_problem (fn, probs[p].seed, probs[p].D, probs[p].H, probs[p].C,
                   probs[p].N, &res);
      if (res.ret != 0)
        bad = 1;
      if (verbose)
        printf ("  seed %lu %zu-%zu-%zu N=%zu ret=%d\n", probs[p].seed,
                probs[p].D, probs[p].H, probs[p].C, probs[p].N, res.ret);
      for (int id = 0; id < NG; id++)
        {
          rootany[id] |= res.loc[id] > TOL_LOC;
          numany[id] |= res.num[id] > TOL_NUM;
          chg[id] |= res.changed[id];
          if (verbose)
            printf ("    %-4s numeric %.2e%s  local %.2e%s%s\n", gname[id],
                    res.num[id], res.num[id] > TOL_NUM ? " WRONG" : "      ",
                    res.loc[id], res.loc[id] > TOL_LOC ? " ROOT" : "",
                    res.changed[id] ? "  (second call differs)" : "");
        }
    }
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  printf ("%s: %s  local:", base, bad ? "RETURNED-NONZERO" : "");
  int any = 0;
  for (int id = 0; id < NG; id++)
    if (rootany[id])
      printf ("%s%s", any++ ? "," : " ", gname[id]);
  if (!any)
    printf (" none");
  printf ("  numeric-wrong:");
  any = 0;
  for (int id = 0; id < NG; id++)
    if (numany[id])
      printf ("%s%s", any++ ? "," : " ", gname[id]);
  if (!any)
    printf (" none");
  any = 0;
  for (int id = 0; id < NG; id++)
    if (chg[id])
      printf ("%s%s", any++ ? "," : "  second-call-changes: ", gname[id]);
  printf ("\n");
  fflush (stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  int i = 1, status = 0;
  if (i < argc && strcmp (argv[i], "-v") == 0)
    verbose = 1, i++;
  if (i >= argc)
    {
      fprintf (stderr, "usage: label [-v] FILE.so...\n");
      return 2;
    }
  for (; i < argc; i++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          alarm (60);
          int r = label_one (argv[i]);
          fflush (stdout);
          _exit (r);
        }
      int st;
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        {
          printf ("%s: CRASHED (signal %d)\n", argv[i], WTERMSIG (st));
          status = 2;
        }
      else if (WEXITSTATUS (st) != 0)
        status = 2;
    }
  return status;
}
