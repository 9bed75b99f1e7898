#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    /* step 1: gradient of the loss wrt the scores.
     * the softmax output is in the cache, minus 1 at the label, / N */
    {
        double s;
        for (size_t i = 0; i < N; i++) {
            for (size_t c = 0; c < C; c++) {
                s = gsl_matrix_get(cache->z2, i, c);
                if (c == y[i]) {
                    s -= 1.0;
                }
                gsl_matrix_set(g->dz2, i, c, s / N);
            }
        }
    }

    /* step 2: dW2 = p1^T dz2 + 2 reg W2 */
    {
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
        for (size_t r = 0; r < H; r++) {
            for (size_t c = 0; c < C; c++) {
                double tmp = gsl_matrix_get(g->dW2, r, c);
                gsl_matrix_set(g->dW2, r, c, tmp + 2.0 * reg * gsl_matrix_get(net->W2, r, c));
            }
        }
    }

    /* step 3: db2 */
    {
        double s;
        for (size_t c = 0; c < C; c++) {
            s = 0.0;
            for (size_t i = 0; i < N; i++) {
                s += gsl_matrix_get(g->dz2, i, c);
            }
            gsl_vector_set(g->db2, c, s);
        }
    }

    /* step 4: dp1 = dz2 W2^T */
    {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    }

    /* step 5: through the relu */
    {
        for (size_t i = 0; i < N; i++) {
            for (size_t c = 0; c < H; c++) {
                double tmp = 0.0;
                if (gsl_matrix_get(cache->z1, i, c) > 0.0) {
                    tmp = gsl_matrix_get(g->dp1, i, c);
                }
                gsl_matrix_set(g->dz1, i, c, tmp);
            }
        }
    }

    /* step 6: dW1 = X^T dz1 + 2 reg W1 */
    {
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
        for (size_t r = 0; r < D; r++) {
            for (size_t c = 0; c < H; c++) {
                double tmp = gsl_matrix_get(g->dW1, r, c);
                gsl_matrix_set(g->dW1, r, c, tmp + 2.0 * reg * gsl_matrix_get(net->W1, r, c));
            }
        }
    }

    /* step 7: db1 */
    {
        double s;
        for (size_t c = 0; c < H; c++) {
            s = 0.0;
            for (size_t i = 0; i < N; i++) {
                s += gsl_matrix_get(g->dz1, i, c);
            }
            gsl_vector_set(g->db1, c, s);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
