// assignment 3 - backprop
// I dont trust the cache prob so I compute the softmax again from the scores
// (with the max trick from the notes, otherwise exp overflows)

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double relu(double x) { return x > 0 ? x : 0; }

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double mx, sum, res, temp;
    double *ex;

    if (N != cache->N || X->size2 != net->D || g->N != N)
	return 1;

    ex = malloc(C * sizeof(double));
    if (!ex) return 1;

    /* ---- softmax + dz2 ---- */
    for (i = 0; i < N; i++) {
        mx = gsl_matrix_get(cache->z2, i, 0);
        for (j = 1; j < C; j++)
            if (gsl_matrix_get(cache->z2, i, j) > mx) mx = gsl_matrix_get(cache->z2, i, j);
        sum = 0.0;
        for (j = 0; j < C; j++) {
            ex[j] = exp(gsl_matrix_get(cache->z2, i, j) - mx);
            sum += ex[j];
        }
        for (j = 0; j < C; j++) {
            temp = ex[j] / sum;
            if (j == y[i]) temp = temp - 1;
            //temp = gsl_matrix_get(cache->prob,i,j);  // same thing
            gsl_matrix_set(g->dz2, i, j, temp / N);
        }
    }
    free(ex);

    /* ---- dW2 (H x C) ---- */
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++) {
        res = 0;
        for (i = 0; i < N; i++)
          res += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
        res += 2 * reg * gsl_matrix_get(net->W2, j, k);
        gsl_matrix_set(g->dW2, j, k, res);
      }

    /* ---- db2 ---- */
    for (k = 0; k < C; k++) {
      res = 0;
      for (i = 0; i < N; i++) res += gsl_matrix_get(g->dz2, i, k);
      gsl_vector_set(g->db2, k, res);
    }

    /* ---- dp1 and dz1 together ---- */
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++) {
        res = 0;
        for (k = 0; k < C; k++)
          res += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
        gsl_matrix_set(g->dp1, i, j, res);
        // relu again: if it came out 0 the gradient is blocked
        if (relu(gsl_matrix_get(cache->z1, i, j)) > 0)
          gsl_matrix_set(g->dz1, i, j, res);
        else
          gsl_matrix_set(g->dz1, i, j, 0.0);
      }

    /* ---- dW1 (D x H) ---- */
    for (k = 0; k < D; k++)
      for (j = 0; j < H; j++) {
        res = 0;
        for (i = 0; i < N; i++)
          res += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
        gsl_matrix_set(g->dW1, k, j, res + 2 * reg * gsl_matrix_get(net->W1, k, j));
      }

    /* ---- db1 ---- */
    for (j = 0; j < H; j++) {
      res = 0;
      for (i = 0; i < N; i++) res += gsl_matrix_get(g->dz1, i, j);
      gsl_vector_set(g->db1, j, res);
      //printf("db1[%zu]=%f\n", j, res);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
