/* CW2 backward pass.
 * Written with vector views: each sample (a row) is handled as a vector and
 * the weight gradients are built up one sample at a time with rank-1
 * updates (dger), like in the lecture slides on minibatches.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_samples = X->size1;
    size_t num_hidden = net->H;
    size_t n, h;
    double inv_n = 1.0 / (double) num_samples;
    gsl_vector *tmp;

    /* start the weight gradients off at the regularisation term and the
       bias gradients at zero, then add each sample's part */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    tmp = gsl_vector_alloc(num_hidden);
    if (tmp == NULL)
        return 1;

    for (n = 0; n < num_samples; n++) {
        gsl_vector_const_view prob_n = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_const_view p1_n = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view x_n = gsl_matrix_const_row(X, n);
        gsl_vector_view dz2_n = gsl_matrix_row(g->dz2, n);
        gsl_vector_view dp1_n = gsl_matrix_row(g->dp1, n);
        gsl_vector_view dz1_n = gsl_matrix_row(g->dz1, n);

        /* dz2 row: (softmax - one hot) / N */
        gsl_vector_memcpy(&dz2_n.vector, &prob_n.vector);
        gsl_vector_set(&dz2_n.vector, y[n], gsl_vector_get(&dz2_n.vector, y[n]) - 1.0);
        gsl_vector_scale(&dz2_n.vector, inv_n);

        /* dW2 += p1_n dz2_n^T and db2 += dz2_n */
        gsl_blas_dger(1.0, &p1_n.vector, &dz2_n.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2_n.vector);

        /* dp1 row = W2 dz2_n  (W2 is H x C so no transpose needed here) */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0, tmp);
        gsl_vector_memcpy(&dp1_n.vector, tmp);

        /* relu: p1 > 0 exactly where z1 > 0, so the mask can use p1 */
        for (h = 0; h < num_hidden; h++)
            if (gsl_vector_get(&p1_n.vector, h) <= 0.0)
                gsl_vector_set(tmp, h, 0.0);
        gsl_vector_memcpy(&dz1_n.vector, tmp);

        /* dW1 += x_n dz1_n^T and db1 += dz1_n */
        gsl_blas_dger(1.0, &x_n.vector, &dz1_n.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1_n.vector);
    }

    gsl_vector_free(tmp);
    g->present = BP_GRADS_ALL;
    return 0;
}
