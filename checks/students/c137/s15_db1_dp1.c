#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

/*
 * backward pass -- two layer net
 *   scores -> W2,b2 -> hidden -> relu -> W1,b1
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    gsl_vector *u = gsl_vector_alloc(N);
    gsl_matrix *on = gsl_matrix_alloc(N, net->H);
    size_t i;

    gsl_vector_set_all(u, 1.0);

    /* scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* second layer params */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

    /* into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: on = [p1 > 0] */
    gsl_matrix_memcpy(on, cache->p1);
    for (i = 0; i < N * net->H; i++) {
        double *v = &on->data[(i / net->H) * on->tda + i % net->H];
        *v = *v > 0.0 ? 1.0 : 0.0;
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, on);

    /* first layer params */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dp1, u, 0.0, g->db1);

    gsl_matrix_free(on);
    gsl_vector_free(u);
    g->present = BP_GRADS_ALL;
    return 0;
}
