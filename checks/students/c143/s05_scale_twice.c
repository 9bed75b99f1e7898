/* Lab 4: backprop through the 2-layer net, sample by sample.
 * Author's note: the loss is an average over the batch so every gradient
 * carries a 1/N, which comes in through the scores. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    double invN = 1.0 / (double) N;
    size_t i, k;

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view a1_i = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_view dscores = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dhidden = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dpre = gsl_matrix_row(g->dz1, i);

        /* softmax + cross entropy: prob - 1 at the right class */
        gsl_vector_memcpy(&dscores.vector, &prob_i.vector);
        gsl_vector_set(&dscores.vector, y[i],
                       gsl_vector_get(&dscores.vector, y[i]) - 1.0);
        gsl_vector_scale(&dscores.vector, invN);

        /* second layer (average over the batch) */
        gsl_vector_scale(&dscores.vector, invN);
        gsl_blas_dger(1.0, &a1_i.vector, &dscores.vector, g->dW2);
        gsl_vector_add(g->db2, &dscores.vector);

        /* back into the hidden layer */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dscores.vector, 0.0,
                       &dhidden.vector);
        gsl_vector_memcpy(&dpre.vector, &dhidden.vector);
        for (k = 0; k < H; k++) {
            if (gsl_matrix_get(cache->z1, i, k) <= 0.0)
                gsl_vector_set(&dpre.vector, k, 0.0);
        }

        /* first layer */
        gsl_blas_dger(1.0, &x_i.vector, &dpre.vector, g->dW1);
        gsl_vector_add(g->db1, &dpre.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
