/* Backward pass.  Regularisatie: reg * ||theta||^2, dus bij elke
 * parameter komt er 2*reg*(parameter) bij. */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
    size_t i, j;

    /* G = (P - Y) / N */
    gsl_matrix_memcpy (G, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set (G, i, y[i], gsl_matrix_get (G, i, y[i]) - 1.0);
    gsl_matrix_scale (G, 1.0 / (double) N);

    /* laag 2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get (G, i, j);
        gsl_vector_set (g->db2, j, s);
    }

    /* terug door W2 en de relu */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (Gz, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                            ? gsl_matrix_get (Gh, i, j) : 0.0);

    /* laag 1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, Gz, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get (Gz, i, j);
        gsl_vector_set (g->db1, j, s + 2.0 * reg * gsl_vector_get (net->b1, j));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
