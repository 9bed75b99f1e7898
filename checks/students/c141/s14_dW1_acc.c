#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass: dz2, dW2, db2, dp1, dz1, dW1, db1 in that order */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (probs - 1 at the label) / N, done in place */
    {
        gsl_matrix_memcpy(g->dz2, cache->prob);
        for (size_t i = 0; i < N; i++) {
            double *v = gsl_matrix_ptr(g->dz2, i, y[i]);
            *v -= 1.0;
        }
        gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    }

    /* dW2 */
    {
        gsl_matrix_memcpy(g->dW2, net->W2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    }

    /* db2 */
    {
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(g->dz2, i, c);
            gsl_vector_set(g->db2, c, s);
        }
    }

    /* dp1 */
    {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    }

    /* dz1 */
    {
        for (size_t i = 0; i < N; i++)
            for (size_t c = 0; c < H; c++) {
                double v = gsl_matrix_get(g->dp1, i, c);
                if (gsl_matrix_get(cache->z1, i, c) <= 0.0)
                    v = 0.0;
                gsl_matrix_set(g->dz1, i, c, v);
            }
    }

    /* dW1[r][c] = sum_i X[i][r] dz1[i][c] + 2 reg W1[r][c] */
    {
        for (size_t r = 0; r < D; r++) {
            double s = 0.0;
            for (size_t c = 0; c < H; c++) {
                for (size_t i = 0; i < N; i++)
                    s += gsl_matrix_get(X, i, r) * gsl_matrix_get(g->dz1, i, c);
                gsl_matrix_set(g->dW1, r, c, s + 2.0 * reg * gsl_matrix_get(net->W1, r, c));
            }
        }
    }

    /* db1 */
    {
        for (size_t c = 0; c < H; c++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(g->dz1, i, c);
            gsl_vector_set(g->db1, c, s);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
