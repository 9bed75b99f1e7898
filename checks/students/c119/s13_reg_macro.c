/* Lab 4, backward pass
 * regularization gradient is the same for both layers so I made a macro
 */
#include "backprop.h"

/* gradient of the reg term for one weight (from the cs231n notes) */
#define REG_GRAD(w) (reg * (w))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) cache->N;
    int D = (int) net->D;
    int H = (int) net->H;
    int C = (int) net->C;
    int i, j, k;
    double s;

    if (N != (int) X->size1)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            s = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i]) {
                s = s - 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, s / N);
        }
    }

    /* dW2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            s = 0.0;
            for (k = 0; k < N; k++) {
                s = s + gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            }
            gsl_matrix_set(g->dW2, i, j, s + REG_GRAD(gsl_matrix_get(net->W2, i, j)));
        }
    }

    /* db2 */
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (k = 0; k < N; k++) {
            s = s + gsl_matrix_get(g->dz2, k, j);
        }
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++) {
                s = s + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
                s = gsl_matrix_get(g->dp1, i, j);
            }
            gsl_matrix_set(g->dz1, i, j, s);
        }
    }

    /* dW1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < N; k++) {
                s = s + gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            gsl_matrix_set(g->dW1, i, j, s + REG_GRAD(gsl_matrix_get(net->W1, i, j)));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (k = 0; k < N; k++) {
            s = s + gsl_matrix_get(g->dz1, k, j);
        }
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
