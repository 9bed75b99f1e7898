/* assignment 4: backward
 * same as my python:
 *   dhidden = dscores.dot(W2.T)
 *   dhidden[dhidden < 0] = 0      (relu)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            s = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                s = s - 1.0;
            gsl_matrix_set(g->dz2, i, j, s / N);
        }
    }

    // dW2
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            s = 0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, s + 2 * reg * gsl_matrix_get(net->W2, i, j));
        }
    }

    // db2
    for (j = 0; j < C; j++) {
        s = 0;
        for (k = 0; k < N; k++)
            s += gsl_matrix_get(g->dz2, k, j);
        gsl_vector_set(g->db2, j, s);
    }

    // dhidden
    for (k = 0; k < N; k++) {
        for (i = 0; i < H; i++) {
            s = 0;
            for (j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, k, j) * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dp1, k, i, s);
        }
    }

    // relu: negative values set to 0
    for (k = 0; k < N; k++) {
        for (i = 0; i < H; i++) {
            s = gsl_matrix_get(g->dp1, k, i);
            gsl_matrix_set(g->dz1, k, i, s < 0 ? 0.0 : s);
        }
    }

    // dW1
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    // db1
    for (j = 0; j < H; j++) {
        s = 0;
        for (k = 0; k < N; k++)
            s += gsl_matrix_get(g->dz1, k, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
