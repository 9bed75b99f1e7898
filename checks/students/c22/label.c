/* label.c -- an independent labeller for the student backward passes of
 * this set.  It uses GSL and libdl only (the backprop headers for the
 * struct layouts, no backprop code), and works from the mathematics:
 *
 *   z1 = X W1 + 1 b1'   p1 = max(0, z1)   z2 = p1 W2 + 1 b2'
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each shared object it builds random nets (seeds 1 and 2, times a
 * 5-10-3 net with 7 samples and a 6-8-4 net with 9 samples, reg 0.1),
 * fills the gradients with garbage, calls the student's backward and
 * compares each of the seven gradients
 *   (a) with centred differences of the loss (dz2, dp1, dz1 are the
 *       derivatives of the loss with respect to the intermediate z2, p1,
 *       z1, the rest of the forward pass recomputed from there), and
 *   (b) with the rule of that gradient applied to the student's OWN
 *       upstream gradient (dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2,
 *       dp1 = dz2 W2', dz1 = dp1 * [z1 > 0], dW1 = X' dz1 + 2 reg W1,
 *       db1 = colsum dz1; dz2 has no upstream and is judged by (a)).
 * A gradient wrong by (b) in any net is a root ("local:"); one right by
 * (b) but wrong by (a) is inherited.  The backward is then called a
 * second time over its own outputs (as training does) and any gradient
 * that changes is reported.  Each shared object runs in a child process,
 * so a crash is reported, not fatal.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 *   ./label [-t labels.tsv] OUTDIR/s*.so
 *
 * With -t, each file's verdict (correct yes/no and its roots) is compared
 * with its row of labels.tsv and the exit status is 1 on any difference.
 */

#define _GNU_SOURCE
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

#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { NG = 7 };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1",
                                 "db1" };

#define TOL 1e-6                /* relative error that counts as wrong */
#define FD_H 1e-5

/* ---------------------------------------------------------------- nets */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + P * sizeof (double));
  net->D = D;
  net->H = H;
  net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, P);
  net->theta = &net->theta_view.vector;
  double *p = net->data;
  net->W1_view = gsl_matrix_view_array (p, D, H);
  p += D * H;
  net->b1_view = gsl_vector_view_array (p, H);
  p += H;
  net->W2_view = gsl_matrix_view_array (p, H, C);
  p += H * C;
  net->b2_view = gsl_vector_view_array (p, C);
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
  c->N = N;
  c->H = H;
  c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1);
  gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2);
  gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N;
  g->D = D;
  g->H = H;
  g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  double *p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  p += D * H;
  g->db1_view = gsl_vector_view_array (p, H);
  p += H;
  g->dW2_view = gsl_matrix_view_array (p, H, C);
  p += H * C;
  g->db2_view = gsl_vector_view_array (p, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* Gradient k of g as a matrix view (biases as one row). */
static gsl_matrix_view
gview (bp_grads *g, int k)
{
  switch (k)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case 2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default: return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

/* ------------------------------------------------------- forward, loss */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 0.0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      *gsl_matrix_ptr (Z, i, j) += gsl_vector_get (b, j);
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

static void
softmax (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (size_t j = 1; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      for (size_t j = 0; j < Z->size2; j++)
        gsl_matrix_set (P, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
    }
}

static double
reg_loss (const bp_net *net, double reg)
{
  double s = 0.0;
  for (size_t i = 0; i < net->D * net->H; i++)
    s += net->W1->data[i] * net->W1->data[i];
  for (size_t i = 0; i < net->H * net->C; i++)
    s += net->W2->data[i] * net->W2->data[i];
  return reg * s;
}

/* mean cross-entropy of scores z2 (log-sum-exp) */
static double
data_loss (const gsl_matrix *z2, const size_t *y)
{
  double L = 0.0;
  for (size_t i = 0; i < z2->size1; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), s = 0.0;
      for (size_t j = 1; j < z2->size2; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      for (size_t j = 0; j < z2->size2; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      L += m + log (s) - gsl_matrix_get (z2, i, y[i]);
    }
  return L / z2->size1;
}

typedef struct {
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  double reg;
  size_t N;
  /* work, for the loss from an intermediate */
  gsl_matrix *z1, *p1, *z2;
} problem;

/* The loss, recomputed from stage s: 0 from the parameters (X), 1 from
 * z1 (pb->z1), 2 from p1 (pb->p1), 3 from z2 (pb->z2). */
static double
loss_from (problem *pb, int s)
{
  if (s <= 0)
    affine (pb->X, pb->net->W1, pb->net->b1, pb->z1);
  if (s <= 1)
    relu (pb->z1, pb->p1);
  if (s <= 2)
    affine (pb->p1, pb->net->W2, pb->net->b2, pb->z2);
  return data_loss (pb->z2, pb->y) + reg_loss (pb->net, pb->reg);
}

/* Centred differences of the loss with respect to every entry of T (a
 * matrix of the problem), computed from stage s, into out. */
static void
numdiff (problem *pb, gsl_matrix *T, int s, gsl_matrix *out)
{
  /* a clean state for the stages before s */
  loss_from (pb, 0);
  gsl_matrix *z1s = gsl_matrix_alloc (pb->z1->size1, pb->z1->size2);
  gsl_matrix *p1s = gsl_matrix_alloc (pb->p1->size1, pb->p1->size2);
  gsl_matrix *z2s = gsl_matrix_alloc (pb->z2->size1, pb->z2->size2);
  gsl_matrix_memcpy (z1s, pb->z1);
  gsl_matrix_memcpy (p1s, pb->p1);
  gsl_matrix_memcpy (z2s, pb->z2);
  for (size_t i = 0; i < T->size1; i++)
    for (size_t j = 0; j < T->size2; j++)
      {
        double *t = gsl_matrix_ptr (T, i, j), t0 = *t;
        *t = t0 + FD_H;
        double lp = loss_from (pb, s);
        gsl_matrix_memcpy (pb->z1, z1s);
        gsl_matrix_memcpy (pb->p1, p1s);
        gsl_matrix_memcpy (pb->z2, z2s);
        *t = t0 - FD_H;
        double lm = loss_from (pb, s);
        gsl_matrix_memcpy (pb->z1, z1s);
        gsl_matrix_memcpy (pb->p1, p1s);
        gsl_matrix_memcpy (pb->z2, z2s);
        *t = t0;
        gsl_matrix_set (out, i, j, (lp - lm) / (2 * FD_H));
      }
  gsl_matrix_free (z1s);
  gsl_matrix_free (p1s);
  gsl_matrix_free (z2s);
}

/* max |a - b| / max(max |a|, max |b|); a NaN anywhere counts as 1 */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0.0, s = 0.0;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double u = gsl_matrix_get (a, i, j), v = gsl_matrix_get (b, i, j);
        if (!isfinite (u) || !isfinite (v))
          return 1.0;
        d = fmax (d, fabs (u - v));
        s = fmax (s, fmax (fabs (u), fabs (v)));
      }
  return s > 0.0 ? d / s : 0.0;
}

/* ------------------------------------------------------------ checking */

typedef struct {
  double fd[NG], loc[NG];       /* worst relative errors over the nets */
  int changed[NG];              /* changed on the second call */
  int cache_touched;
  int rc;
} verdict;

static void
check_one (backward_fn *bw, size_t D, size_t H, size_t C, size_t N,
           unsigned long seed, verdict *v)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  problem pb;
  pb.net = net_new (D, H, C);
  pb.X = gsl_matrix_alloc (N, D);
  pb.y = malloc (N * sizeof *pb.y);
  pb.reg = 0.1;
  pb.N = N;
  pb.z1 = gsl_matrix_alloc (N, H);
  pb.p1 = gsl_matrix_alloc (N, H);
  pb.z2 = gsl_matrix_alloc (N, C);

  /* a random problem whose z1 keeps away from the kink of the ReLU */
  for (;;)
    {
      for (size_t i = 0; i < pb.net->theta->size; i++)
        gsl_vector_set (pb.net->theta, i, gsl_ran_gaussian (r, 0.7));
      for (size_t i = 0; i < N * D; i++)
        pb.X->data[i] = gsl_ran_gaussian (r, 1.0);
      for (size_t i = 0; i < N; i++)
        pb.y[i] = gsl_rng_uniform_int (r, C);
      loss_from (&pb, 0);
      double m = INFINITY;
      size_t on = 0;
      for (size_t i = 0; i < N * H; i++)
        {
          m = fmin (m, fabs (pb.z1->data[i]));
          on += pb.z1->data[i] > 0;
        }
      if (m > 1e-3 && on > 0 && on < N * H)
        break;
    }

  bp_cache *cache = cache_new (N, H, C);
  gsl_matrix_memcpy (cache->z1, pb.z1);
  gsl_matrix_memcpy (cache->p1, pb.p1);
  gsl_matrix_memcpy (cache->z2, pb.z2);
  softmax (pb.z2, cache->prob);
  bp_cache *cache0 = cache_new (N, H, C);
  gsl_matrix_memcpy (cache0->z1, cache->z1);
  gsl_matrix_memcpy (cache0->p1, cache->p1);
  gsl_matrix_memcpy (cache0->z2, cache->z2);
  gsl_matrix_memcpy (cache0->prob, cache->prob);

  /* the truth, by centred differences */
  bp_grads *t = grads_new (N, D, H, C);
  numdiff (&pb, pb.z2, 3, t->dz2);
  numdiff (&pb, pb.net->W2, 0, t->dW2);
  {
    gsl_matrix_view b = gsl_matrix_view_vector (pb.net->b2, 1, C);
    gsl_matrix_view o = gview (t, 2);
    numdiff (&pb, &b.matrix, 0, &o.matrix);
  }
  numdiff (&pb, pb.p1, 2, t->dp1);
  numdiff (&pb, pb.z1, 1, t->dz1);
  numdiff (&pb, pb.net->W1, 0, t->dW1);
  {
    gsl_matrix_view b = gsl_matrix_view_vector (pb.net->b1, 1, H);
    gsl_matrix_view o = gview (t, 6);
    numdiff (&pb, &b.matrix, 0, &o.matrix);
  }
  loss_from (&pb, 0);

  /* the student's, over garbage */
  bp_grads *g = grads_new (N, D, H, C);
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view m = gview (g, k);
      for (size_t i = 0; i < m.matrix.size1; i++)
        for (size_t j = 0; j < m.matrix.size2; j++)
          gsl_matrix_set (&m.matrix, i, j, 1e3 * (gsl_rng_uniform (r) - 0.3));
    }
  g->present = 0;
  int rc = bw (pb.net, pb.X, pb.y, pb.reg, cache, g);
  if (rc != 0)
    v->rc = rc;

  /* (b) each rule applied to the student's own upstream */
  bp_grads *l = grads_new (N, D, H, C);
  gsl_matrix_memcpy (l->dz2, t->dz2);
  gsl_matrix_memcpy (l->dW2, pb.net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache0->p1, g->dz2,
                  2.0 * pb.reg, l->dW2);
  for (size_t j = 0; j < C; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (l->db2, j, s);
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, pb.net->W2, 0.0,
                  l->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (l->dz1, i, j, gsl_matrix_get (cache0->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  gsl_matrix_memcpy (l->dW1, pb.net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, pb.X, g->dz1,
                  2.0 * pb.reg, l->dW1);
  for (size_t j = 0; j < H; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (l->db1, j, s);
    }

  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view a = gview (g, k), b = gview (t, k), c = gview (l, k);
      v->fd[k] = fmax (v->fd[k], relerr (&a.matrix, &b.matrix));
      v->loc[k] = fmax (v->loc[k], relerr (&a.matrix, &c.matrix));
    }

  /* a second call over the first call's outputs */
  bp_grads *g2 = grads_new (N, D, H, C);
  gsl_matrix_memcpy (g2->dz2, g->dz2);
  gsl_matrix_memcpy (g2->dp1, g->dp1);
  gsl_matrix_memcpy (g2->dz1, g->dz1);
  gsl_vector_memcpy (g2->dtheta, g->dtheta);
  rc = bw (pb.net, pb.X, pb.y, pb.reg, cache, g2);
  if (rc != 0)
    v->rc = rc;
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view a = gview (g, k), b = gview (g2, k);
      if (relerr (&a.matrix, &b.matrix) > 1e-12)
        v->changed[k] = 1;
    }

  if (relerr (cache->z1, cache0->z1) > 0 || relerr (cache->p1, cache0->p1) > 0
      || relerr (cache->z2, cache0->z2) > 0
      || relerr (cache->prob, cache0->prob) > 0)
    v->cache_touched = 1;

  grads_free (g2);
  grads_free (l);
  grads_free (g);
  grads_free (t);
  cache_free (cache0);
  cache_free (cache);
  gsl_matrix_free (pb.z1);
  gsl_matrix_free (pb.p1);
  gsl_matrix_free (pb.z2);
  free (pb.y);
  gsl_matrix_free (pb.X);
  free (pb.net);
  gsl_rng_free (r);
}

/* Check one shared object; write "correct<TAB>roots" into line (roots
 * comma-separated in backprop order, "-" for none); 0, or 2 on a crash
 * or a load failure. */
static int
check_so (const char *path, char *line, size_t len)
{
  int fds[2];
  if (pipe (fds) != 0)
    return 2;
  fflush (stdout);
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
      if (!h)
        {
          fprintf (stderr, "  cannot load: %s\n", dlerror ());
          _exit (3);
        }
      backward_fn *bw = (backward_fn *) dlsym (h, "backward");
      if (!bw)
        {
          fprintf (stderr, "  no symbol backward\n");
          _exit (3);
        }
      verdict v;
      memset (&v, 0, sizeof v);
      static const size_t nets[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
      for (unsigned long seed = 1; seed <= 2; seed++)
        for (int n = 0; n < 2; n++)
          check_one (bw, nets[n][0], nets[n][1], nets[n][2], nets[n][3], seed,
                     &v);
      if (write (fds[1], &v, sizeof v) != (ssize_t) sizeof v)
        _exit (4);
      _exit (0);
    }
  close (fds[1]);
  verdict v;
  ssize_t got = read (fds[0], &v, sizeof v);
  close (fds[0]);
  int st;
  waitpid (pid, &st, 0);
  if (got != (ssize_t) sizeof v || !WIFEXITED (st) || WEXITSTATUS (st) != 0)
    {
      printf ("  CRASH or load failure (status %d)\n", st);
      snprintf (line, len, "crash\t-");
      return 2;
    }

  char roots[128] = "", inh[128] = "", chg[128] = "";
  for (int k = 0; k < NG; k++)
    {
      int local = v.loc[k] > TOL, fd = v.fd[k] > TOL;
      printf ("  %-4s fd %.2e  local %.2e  %s\n", gname[k], v.fd[k], v.loc[k],
              local ? "ROOT" : fd ? "inherited" : "ok");
      if (local)
        {
          if (*roots)
            strcat (roots, ",");
          strcat (roots, gname[k]);
        }
      else if (fd)
        {
          if (*inh)
            strcat (inh, ",");
          strcat (inh, gname[k]);
        }
      if (v.changed[k])
        {
          if (*chg)
            strcat (chg, ",");
          strcat (chg, gname[k]);
        }
    }
  int wrong = *roots || *inh;
  printf ("  local: %s\n", *roots ? roots : "-");
  printf ("  inherited: %s\n", *inh ? inh : "-");
  printf ("  second call changes: %s\n", *chg ? chg : "-");
  if (v.rc)
    printf ("  returned nonzero: %d\n", v.rc);
  if (v.cache_touched)
    printf ("  the cache was modified\n");
  snprintf (line, len, "%s\t%s", wrong || v.rc ? "no" : "yes",
            *roots ? roots : "-");
  return 0;
}

/* The row of labels.tsv for file base: "correct<TAB>root", or NULL. */
static char *
label_of (const char *tsv, const char *base, char *out, size_t len)
{
  FILE *f = fopen (tsv, "r");
  if (!f)
    return NULL;
  char buf[1024];
  char *res = NULL;
  while (fgets (buf, sizeof buf, f))
    {
      char *file = strtok (buf, "\t\n");
      char *correct = strtok (NULL, "\t\n");
      char *root = strtok (NULL, "\t\n");
      if (!file || !correct || !root)
        continue;
      char fb[256];
      snprintf (fb, sizeof fb, "%s", file);
      char *dot = strrchr (fb, '.');
      if (dot)
        *dot = 0;
      if (strcmp (fb, base) == 0)
        {
          snprintf (out, len, "%s\t%s", correct,
                    strcmp (root, "") == 0 ? "-" : root);
          res = out;
          break;
        }
    }
  fclose (f);
  return res;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int a = 1, status = 0, nfiles = 0, ncorrect = 0, agree = 0;
  if (a + 1 < argc && strcmp (argv[a], "-t") == 0)
    {
      tsv = argv[a + 1];
      a += 2;
    }
  if (a >= argc)
    {
      fprintf (stderr, "usage: label [-t labels.tsv] FILE.so...\n");
      return 2;
    }
  for (; a < argc; a++)
    {
      char base[256], line[512], lab[512];
      const char *s = strrchr (argv[a], '/');
      snprintf (base, sizeof base, "%s", s ? s + 1 : argv[a]);
      char *dot = strstr (base, ".so");
      if (dot)
        *dot = 0;
      printf ("%s\n", base);
      int rc = check_so (argv[a], line, sizeof line);
      if (rc)
        status = 2;
      nfiles++;
      if (strncmp (line, "yes", 3) == 0)
        ncorrect++;
      printf ("  RESULT\t%s\t%s\n", base, line);
      if (tsv)
        {
          if (!label_of (tsv, base, lab, sizeof lab))
            {
              printf ("  LABEL missing\n");
              status = status ? status : 1;
            }
          else if (strcmp (lab, line) != 0)
            {
              printf ("  LABEL DISAGREES: labels.tsv says %s\n", lab);
              status = status ? status : 1;
            }
          else
            agree++;
        }
    }
  printf ("%d files, %d correct, %d wrong", nfiles, ncorrect,
          nfiles - ncorrect);
  if (tsv)
    printf (", %d agree with %s", agree, tsv);
  printf ("\n");
  return status;
}
