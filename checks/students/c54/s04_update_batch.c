// backward.c -- written after chapter 2 of Nielsen's book.
//
// backprop_one() is his backprop(x, y): it returns the per-example
// nabla_b and nabla_w of both layers (in buffers I allocate once), and
// backward() is the first half of update_mini_batch(): add them up over
// the batch, then divide by the batch size.  His weight decay
// (1 - eta lambda / n) w becomes + 2 reg W here, because our penalty is
// reg |W|^2.  The per-example errors go straight into the rows of dz2,
// dp1, dz1 and get the 1/N at the end with everything else.

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
  double *nb1, *nw1, *nb2, *nw2;   // H, D*H, C, H*C
} nabla_t;

// one example: err2, back, err1 are rows n of dz2, dp1, dz1
static void backprop_one(const bp_net *net, const gsl_matrix *X,
                         const bp_cache *cache, size_t n, size_t label,
                         double *err2, double *back, double *err1,
                         nabla_t *nb) {
  size_t D = net->D, H = net->H, C = net->C, i, j, k;

  for (k = 0; k < C; k++) {
    err2[k] = gsl_matrix_get(cache->prob, n, k);
  }
  err2[label] -= 1.0;

  for (k = 0; k < C; k++) {
    nb->nb2[k] = err2[k];
  }
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      nb->nw2[j * C + k] = gsl_matrix_get(cache->p1, n, j) * err2[k];
    }
  }

  for (j = 0; j < H; j++) {
    double s = 0;
    for (k = 0; k < C; k++) {
      s += err2[k] * gsl_matrix_get(net->W2, j, k);
    }
    back[j] = s;
    err1[j] = (gsl_matrix_get(cache->z1, n, j) > 0) ? s : 0;
  }

  for (j = 0; j < H; j++) {
    nb->nb1[j] = err1[j];
  }
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      nb->nw1[i * H + j] = gsl_matrix_get(X, n, i) * err1[j];
    }
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;
  nabla_t nb;
  double *buf = malloc((H + D * H + C + H * C) * sizeof(double));

  if (buf == NULL) return 1;
  nb.nb1 = buf;
  nb.nw1 = nb.nb1 + H;
  nb.nb2 = nb.nw1 + D * H;
  nb.nw2 = nb.nb2 + C;

  // nabla = [np.zeros(b.shape) for b in self.biases] ...
  gsl_vector_set_zero(g->dtheta);

  for (n = 0; n < N; n++) {
    backprop_one(net, X, cache, n, y[n],
                 gsl_matrix_ptr(g->dz2, n, 0), gsl_matrix_ptr(g->dp1, n, 0),
                 gsl_matrix_ptr(g->dz1, n, 0), &nb);
    // nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
    for (j = 0; j < H; j++) {
      *gsl_vector_ptr(g->db1, j) += nb.nb1[j];
      for (k = 0; k < C; k++) *gsl_matrix_ptr(g->dW2, j, k) += nb.nw2[j * C + k];
    }
    for (k = 0; k < C; k++) *gsl_vector_ptr(g->db2, k) += nb.nb2[k];
    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++) *gsl_matrix_ptr(g->dW1, i, j) += nb.nw1[i * H + j];
  }
  free(buf);

  // divide by the batch size, everything at once (dtheta is all four)
  gsl_matrix_scale(g->dz2, 1.0 / N);
  gsl_matrix_scale(g->dp1, 1.0 / N);
  gsl_matrix_scale(g->dz1, 1.0 / N);
  gsl_vector_scale(g->dtheta, 1.0 / N);

  // weight decay, not on the biases
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      *gsl_matrix_ptr(g->dW2, j, k) += 2 * reg * gsl_matrix_get(net->W2, j, k);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(net->W1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
