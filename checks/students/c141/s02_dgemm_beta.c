#include <gsl/gsl_blas.h>
#include "backprop.h"

/* Backward pass, assignment 2.
 * dgemm for the three matrix products, loops for the rest.
 * Trick from the tutorial: copy W into dW first and give dgemm
 * beta = 2*reg, then it adds the regularisation by itself. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    {
        double acc;
        for (size_t r = 0; r < N; r++) {
            for (size_t c = 0; c < C; c++) {
                acc = gsl_matrix_get(cache->prob, r, c);
                if (y[r] == c) acc = acc - 1.0;
                gsl_matrix_set(g->dz2, r, c, acc / N);
            }
        }
    }

    /* dW2 = p1' * dz2 + 2*reg*W2 */
    {
        gsl_matrix_memcpy(g->dW2, net->W2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                       2.0 * reg, g->dW2);
    }

    /* db2 */
    {
        double acc;
        for (size_t c = 0; c < C; c++) {
            acc = 0;
            for (size_t r = 0; r < N; r++)
                acc += gsl_matrix_get(g->dz2, r, c);
            gsl_vector_set(g->db2, c, acc);
        }
    }

    /* dp1 = dz2 * W2' */
    {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                       0.0, g->dp1);
    }

    /* dz1 = dp1 where z1 was positive, 0 elsewhere */
    {
        double acc;
        for (size_t r = 0; r < N; r++) {
            for (size_t c = 0; c < H; c++) {
                acc = gsl_matrix_get(cache->z1, r, c) > 0 ? gsl_matrix_get(g->dp1, r, c) : 0.0;
                gsl_matrix_set(g->dz1, r, c, acc);
            }
        }
    }

    /* dW1 = X' * dz1 + 2*reg*W1, same trick */
    {
        gsl_matrix_memcpy(g->dW1, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                       2.0 * reg, g->dW1);
    }

    /* db1 */
    {
        double acc;
        for (size_t c = 0; c < H; c++) {
            acc = 0;
            for (size_t r = 0; r < N; r++)
                acc += gsl_matrix_get(g->dz1, r, c);
            gsl_vector_set(g->db1, c, acc);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
