/* label.c -- this set's own labeller, written from the mathematics alone
 * (GSL and libdl; no code of the backprop library, only the struct
 * layouts of its headers net.h and grads.h).
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s*.so
 *
 * For each shared object: random nets (seeds 1 and 2, each at 5-10-3 with
 * a batch of 7 and 6-8-4 with a batch of 9, reg 0.1), g filled with
 * garbage, the student's `backward' called, and each of the seven
 * gradients compared
 *   (a) with centred differences of the loss
 *         loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *       with respect to W1, b1, W2, b2, and to the intermediates z2, p1
 *       and z1 (the rest of the forward pass recomputed from them);
 *   (b) with its own rule applied to the student's OWN upstream gradient:
 *         dz2 = (prob - onehot(y)) / N          (no upstream: as (a))
 *         dW2 = p1' dz2 + 2 reg W2   db2 = column sums of dz2
 *         dp1 = dz2 W2'              dz1 = dp1 * [z1 > 0]
 *         dW1 = X' dz1 + 2 reg W1    db1 = column sums of dz1
 * A gradient wrong in (b) is a root ("local:"); wrong in (a) only, it is
 * inherited.  The student's function is then called a second time over
 * its own first outputs (as in training) and any change is reported.
 * Each shared object runs in a child process, so a crash is reported and
 * does not stop the run. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *gname[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL 1e-6                /* relative error that counts as wrong */

/* ---------- the objects, built by hand from the header layouts ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  size_t bytes = sizeof (bp_net) + P * sizeof (double);
  bytes = (bytes + 63) / 64 * 64;
  bp_net *net = aligned_alloc (64, bytes);
  memset (net, 0, bytes);
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, P);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (net->data, D, H);
  net->b1_view = gsl_vector_view_array (net->data + D * H, H);
  net->W2_view = gsl_matrix_view_array (net->data + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (net->data + D * H + H + H * C, C);
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
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

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  double *b = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (b, D, H);
  g->db1_view = gsl_vector_view_array (b + D * H, H);
  g->dW2_view = gsl_matrix_view_array (b + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (b + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = 0;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* gradient id as a matrix (biases as one row); a view into g */
static gsl_matrix_view
gmat (bp_grads *g, int id)
{
  switch (id)
    {
    case BP_DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case BP_DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case BP_DB2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case BP_DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case BP_DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case BP_DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default:     return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view v = gmat (g, id);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, 1e3 * (gsl_rng_uniform (r) - 0.5));
    }
  g->present = 0;
}

/* ---------- the forward pass and the loss, from the formulas ---------- */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores Z; prob gets softmax(Z) unless NULL */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0.0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (size_t j = 0; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      double lse = m + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t j = 0; j < Z->size2; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) Z->size1;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0.0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

/* full loss for the current parameters */
static double
loss_params (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, bp_cache *tmp)
{
  affine (X, net->W1, net->b1, tmp->z1);
  relu (tmp->z1, tmp->p1);
  affine (tmp->p1, net->W2, net->b2, tmp->z2);
  return xent (tmp->z2, y, NULL) + reg * (sumsq (net->W1) + sumsq (net->W2));
}

/* ---------- comparisons ---------- */

static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  double num = 0.0, na = 0.0, nb = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        if (!isfinite (a))
          return INFINITY;
        num += (a - b) * (a - b);
        na += a * a;
        nb += b * b;
      }
  double den = sqrt (na) + sqrt (nb);
  if (den < 1e-300)
    return 0.0;
  return sqrt (num) / den;
}

/* B = A' C */
static void
mul_tn (const gsl_matrix *A, const gsl_matrix *Cm, gsl_matrix *B)
{
  for (size_t i = 0; i < B->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, i) * gsl_matrix_get (Cm, k, j);
        gsl_matrix_set (B, i, j, s);
      }
}

/* B = A C' */
static void
mul_nt (const gsl_matrix *A, const gsl_matrix *Cm, gsl_matrix *B)
{
  for (size_t i = 0; i < B->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (Cm, j, k);
        gsl_matrix_set (B, i, j, s);
      }
}

static void
colsum (const gsl_matrix *A, gsl_matrix *row)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_matrix_set (row, 0, j, s);
    }
}

static void
add_pen (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

/* ---------- one configuration ---------- */

struct result
{
  int numeric_wrong[BP_NGRADS];
  int local_wrong[BP_NGRADS];
  double numeric_err[BP_NGRADS], local_err[BP_NGRADS];
  int second_changed[BP_NGRADS];
  int status;                   /* the student's return value */
};

static void
run_config (backward_fn *bw, unsigned long seed, size_t D, size_t H, size_t C,
            size_t N, double reg, struct result *res)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + N);
  bp_net *net = net_new (D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  bp_cache *cache = cache_new (N, H, C);
  bp_cache *tmp = cache_new (N, H, C);

  /* a net with no hidden unit within 1e-3 of the ReLU's kink */
  for (int tries = 0;; tries++)
    {
      for (size_t i = 0; i < net->theta->size; i++)
        gsl_vector_set (net->theta, i, 0.5 * gsl_ran_gaussian (r, 1.0));
      for (size_t i = 0; i < net->b1->size; i++)
        gsl_vector_set (net->b1, i, 0.1 * gsl_ran_gaussian (r, 1.0));
      for (size_t i = 0; i < net->b2->size; i++)
        gsl_vector_set (net->b2, i, 0.1 * gsl_ran_gaussian (r, 1.0));
      for (size_t i = 0; i < N; i++)
        {
          for (size_t j = 0; j < D; j++)
            gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
          y[i] = gsl_rng_uniform_int (r, C);
        }
      affine (X, net->W1, net->b1, cache->z1);
      int near = 0, pos = 0;
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          {
            double z = gsl_matrix_get (cache->z1, i, j);
            near |= fabs (z) < 1e-3;
            pos += z > 0;
          }
      if (!near && pos > 0 && pos < (int) (N * H))
        break;
      if (tries > 1000)
        {
          fprintf (stderr, "label: no usable net\n");
          exit (3);
        }
    }
  affine (X, net->W1, net->b1, cache->z1);
  relu (cache->z1, cache->p1);
  affine (cache->p1, net->W2, net->b2, cache->z2);
  xent (cache->z2, y, cache->prob);

  /* the numeric gradients, as a bp_grads of our own */
  bp_grads *num = grads_new (N, D, H, C);
  const double h = 1e-5;
  for (size_t i = 0; i < net->theta->size; i++)
    {
      double v = gsl_vector_get (net->theta, i);
      gsl_vector_set (net->theta, i, v + h);
      double Lp = loss_params (net, X, y, reg, tmp);
      gsl_vector_set (net->theta, i, v - h);
      double Lm = loss_params (net, X, y, reg, tmp);
      gsl_vector_set (net->theta, i, v);
      gsl_vector_set (num->dtheta, i, (Lp - Lm) / (2 * h));
    }
  /* d loss / d z2 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      {
        gsl_matrix_memcpy (tmp->z2, cache->z2);
        double v = gsl_matrix_get (cache->z2, i, j);
        gsl_matrix_set (tmp->z2, i, j, v + h);
        double Lp = xent (tmp->z2, y, NULL);
        gsl_matrix_set (tmp->z2, i, j, v - h);
        double Lm = xent (tmp->z2, y, NULL);
        gsl_matrix_set (num->dz2, i, j, (Lp - Lm) / (2 * h));
      }
  /* d loss / d p1 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double L2[2];
        for (int s = 0; s < 2; s++)
          {
            gsl_matrix_memcpy (tmp->p1, cache->p1);
            *gsl_matrix_ptr (tmp->p1, i, j) += s ? -h : h;
            affine (tmp->p1, net->W2, net->b2, tmp->z2);
            L2[s] = xent (tmp->z2, y, NULL);
          }
        gsl_matrix_set (num->dp1, i, j, (L2[0] - L2[1]) / (2 * h));
      }
  /* d loss / d z1 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double L2[2];
        for (int s = 0; s < 2; s++)
          {
            gsl_matrix_memcpy (tmp->z1, cache->z1);
            *gsl_matrix_ptr (tmp->z1, i, j) += s ? -h : h;
            relu (tmp->z1, tmp->p1);
            affine (tmp->p1, net->W2, net->b2, tmp->z2);
            L2[s] = xent (tmp->z2, y, NULL);
          }
        gsl_matrix_set (num->dz1, i, j, (L2[0] - L2[1]) / (2 * h));
      }

  /* the student's gradients, over garbage */
  bp_grads *g = grads_new (N, D, H, C);
  fill_garbage (g, r);
  res->status = bw (net, X, y, reg, cache, g);

  /* (b) the rules over the student's own upstream */
  bp_grads *loc = grads_new (N, D, H, C);
  {
    gsl_matrix_view v;
    gsl_matrix_memcpy (loc->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
      *gsl_matrix_ptr (loc->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale (loc->dz2, 1.0 / (double) N);
    mul_tn (cache->p1, g->dz2, loc->dW2);
    add_pen (loc->dW2, net->W2, reg);
    v = gmat (loc, BP_DB2); colsum (g->dz2, &v.matrix);
    mul_nt (g->dz2, net->W2, loc->dp1);
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < H; j++)
        gsl_matrix_set (loc->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                        ? gsl_matrix_get (g->dp1, i, j) : 0.0);
    mul_tn (X, g->dz1, loc->dW1);
    add_pen (loc->dW1, net->W1, reg);
    v = gmat (loc, BP_DB1); colsum (g->dz1, &v.matrix);
  }

  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view s = gmat (g, id), n = gmat (num, id), l = gmat (loc, id);
      res->numeric_err[id] = relerr (&s.matrix, &n.matrix);
      res->local_err[id] = relerr (&s.matrix, &l.matrix);
      res->numeric_wrong[id] = !(res->numeric_err[id] <= TOL);
      res->local_wrong[id] = !(res->local_err[id] <= TOL);
    }

  /* a second call over the first call's outputs */
  bp_grads *g2 = grads_new (N, D, H, C);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view a = gmat (g, id), b = gmat (g2, id);
      gsl_matrix_memcpy (&b.matrix, &a.matrix);
    }
  bw (net, X, y, reg, cache, g2);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view a = gmat (g, id), b = gmat (g2, id);
      res->second_changed[id] = relerr (&a.matrix, &b.matrix) > 1e-12;
    }

  grads_free (g2); grads_free (loc); grads_free (g); grads_free (num);
  cache_free (tmp); cache_free (cache);
  free (y); gsl_matrix_free (X); free (net); gsl_rng_free (r);
}

/* ---------- one shared object, in a child ---------- */

static void
list (const char *what, const int *flags)
{
  int first = 1;
  printf ("  %s ", what);
  for (int id = 0; id < BP_NGRADS; id++)
    if (flags[id])
      {
        printf ("%s%s", first ? "" : ",", gname[id]);
        first = 0;
      }
  if (first)
    printf ("-");
}

static int
label_one (const char *path, int verbose)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", path, dlerror ());
      return 2;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no symbol backward\n", path);
      return 2;
    }

  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  int root[BP_NGRADS] = { 0 }, numw[BP_NGRADS] = { 0 }, inh[BP_NGRADS] = { 0 };
  int changed[BP_NGRADS] = { 0 };
  int bad_status = 0;
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int k = 0; k < 2; k++)
      {
        struct result res;
        run_config (bw, seed, cfg[k][0], cfg[k][1], cfg[k][2], cfg[k][3],
                    0.1, &res);
        bad_status |= res.status != 0;
        for (int id = 0; id < BP_NGRADS; id++)
          {
            root[id] |= res.local_wrong[id];
            numw[id] |= res.numeric_wrong[id];
            changed[id] |= res.second_changed[id];
          }
        if (verbose)
          {
            printf ("  seed %lu %zu-%zu-%zu N=%zu:", seed, cfg[k][0], cfg[k][1],
                    cfg[k][2], cfg[k][3]);
            for (int id = 0; id < BP_NGRADS; id++)
              printf (" %s %.1e/%.1e", gname[id], res.numeric_err[id],
                      res.local_err[id]);
            printf ("\n");
          }
      }
  int any = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    {
      inh[id] = numw[id] && !root[id];
      any |= numw[id] || root[id];
    }
  const char *base = strrchr (path, '/');
  printf ("%s: %s", base ? base + 1 : path, any ? "WRONG" : "correct");
  list ("local:", root);
  list ("inherited:", inh);
  list ("numeric-wrong:", numw);
  list ("second-call-changes:", changed);
  if (bad_status)
    printf ("  (nonzero return)");
  printf ("\n");
  fflush (stdout);
  return any;
}

int
main (int argc, char **argv)
{
  int verbose = 0, i = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0)
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
        _exit (label_one (argv[i], verbose) == 2 ? 2 : 0);
      int st;
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (st));
    }
  return 0;
}
