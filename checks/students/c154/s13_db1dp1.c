/* Coursework 2 (machine learning): backward pass
 *
 * Output layer with gsl_blas_dgemm; the hidden layer in one loop per column
 * so that the ReLU and the bias gradient are done together.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    /* dscores */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double t = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - t) / N);
        }
    }

    /* output layer: dW2 = p1^T dz2 + 2*reg*W2, db2 = column sums */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        double b = 0.0;
        for (i = 0; i < N; i++)
            b += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, b);
    }

    /* gradient into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ReLU and b1, one hidden unit at a time */
    for (j = 0; j < H; j++) {
        double bsum = 0.0;
        for (i = 0; i < N; i++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, d);
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
            bsum += d;
        }
        gsl_vector_set(g->db1, j, bsum);
    }

    /* dW1 = X^T dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
