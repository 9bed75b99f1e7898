/* backward.c -- ML assignment 4, part 2
 * My numpy backward pass written out in C, one loop per numpy line.
 * Everything with gsl_matrix_get / gsl_matrix_set.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = probs / N ; dscores[range(N), y] -= 1 / N
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            s = gsl_matrix_get(cache->prob, i, j) / N;
            if (j == y[i])
                s -= 1.0 / N;
            gsl_matrix_set(g->dz2, i, j, s);
        }
    }

    // grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    // grads['b2'] = dscores.sum(axis=0)
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // dhidden = dscores.dot(W2.T)
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    // dhidden[hidden <= 0] = 0  (hidden is the relu output: zero exactly where z1 <= 0)
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->p1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    // grads['b1'] = dhidden.sum(axis=0)
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
