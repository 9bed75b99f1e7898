/*
 * Backward pass (reverse mode).  Forward, for reference:
 *
 *    z1 = X W1 + b1                       (N,H)
 *    p1 = relu(z1)                        (N,H)
 *    z2 = p1 W2 + b2                      (N,C)
 *    L  = mean_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * adj_<v> = dL/d<v>; each block is the adjoint of the line in its comment.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t i;
    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i;
    gsl_matrix *adj_z2 = gsl_matrix_alloc(N, C);
    gsl_matrix *adj_W2 = gsl_matrix_alloc(H, C);
    gsl_vector *adj_b2 = gsl_vector_alloc(C);
    gsl_matrix *adj_p1 = gsl_matrix_alloc(N, H);
    gsl_matrix *adj_z1 = gsl_matrix_alloc(N, H);
    gsl_matrix *adj_W1 = gsl_matrix_alloc(net->D, H);
    gsl_vector *adj_b1 = gsl_vector_alloc(H);

    /* L = mean_i -log prob[i][y_i] */
    gsl_matrix_memcpy(adj_z2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double *p = gsl_matrix_ptr(adj_z2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(adj_z2, 1.0 / (double) N);

    /* z2 = p1 W2 + b2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 0.0, adj_W2);
    colsum(adj_z2, adj_b2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 0.0, adj_p1);

    /* p1 = relu(z1)
     * relu' is 1 where the unit is on and 0 where it is off, i.e. the
     * adjoint only goes through where p1 is nonzero */
    gsl_matrix_memcpy(adj_z1, adj_p1);
    gsl_matrix_mul_elements(adj_z1, cache->p1);

    /* z1 = X W1 + b1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 0.0, adj_W1);
    colsum(adj_z1, adj_b1);

    /* L += reg*|W1|^2 + reg*|W2|^2 */
    {
        gsl_matrix *t = gsl_matrix_alloc(net->D, H);
        gsl_matrix_memcpy(t, net->W1);
        gsl_matrix_scale(t, 2.0 * reg);
        gsl_matrix_add(adj_W1, t);
        gsl_matrix_free(t);
        t = gsl_matrix_alloc(H, C);
        gsl_matrix_memcpy(t, net->W2);
        gsl_matrix_scale(t, 2.0 * reg);
        gsl_matrix_add(adj_W2, t);
        gsl_matrix_free(t);
    }

    gsl_matrix_memcpy(g->dz2, adj_z2);
    gsl_matrix_memcpy(g->dW2, adj_W2);
    gsl_vector_memcpy(g->db2, adj_b2);
    gsl_matrix_memcpy(g->dp1, adj_p1);
    gsl_matrix_memcpy(g->dz1, adj_z1);
    gsl_matrix_memcpy(g->dW1, adj_W1);
    gsl_vector_memcpy(g->db1, adj_b1);
    gsl_matrix_free(adj_z2); gsl_matrix_free(adj_W2); gsl_vector_free(adj_b2);
    gsl_matrix_free(adj_p1); gsl_matrix_free(adj_z1);
    gsl_matrix_free(adj_W1); gsl_vector_free(adj_b1);
    g->present = BP_GRADS_ALL;
    return 0;
}
