// backward.c  --  Lab 4, backprop through the computational graph
//
// dL/dz2 is done per sample as (row vector dL/dprob) * (softmax Jacobian),
// dL/dz1 per sample as dL/dp1 * diag(relu'), both as real matrices so
// that the chain rule is visible.  The big products (p1^T dz2, X^T dz1,
// dz2 W2^T) go through BLAS.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_vector *dLdprob = gsl_vector_alloc(C);

    // ---- output node: softmax + log-loss ----
    for (size_t i = 0; i < N; i++)
    {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_matrix *Jsm = gsl_matrix_alloc(C, C);
        for (size_t k = 0; k < C; k++)
            for (size_t j = 0; j < C; j++)
            {
                double pk = gsl_vector_get(&p.vector, k);
                double pj = gsl_vector_get(&p.vector, j);
                gsl_matrix_set(Jsm, k, j, (k == j) ? pk * (1.0 - pj) : -pk * pj);
            }

        gsl_vector_set_zero(dLdprob);
        gsl_vector_set(dLdprob, y[i], -1.0 / (N * gsl_vector_get(&p.vector, y[i])));

        // row vector times J  ==  J^T times column vector
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_blas_dgemv(CblasTrans, 1.0, Jsm, dLdprob, 0.0, &dz2_i.vector);
        gsl_matrix_free(Jsm);
    }

    // ---- hidden output: dz2/dp1 = W2^T for every sample ----
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ---- relu: diag([z1 > 0]) per sample ----
    for (size_t i = 0; i < N; i++)
    {
        gsl_matrix *Drelu = gsl_matrix_calloc(H, H);
        for (size_t h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, i, h) > 0)
                gsl_matrix_set(Drelu, h, h, 1.0);
        gsl_vector_const_view dp1_i = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);
        gsl_blas_dgemv(CblasTrans, 1.0, Drelu, &dp1_i.vector, 0.0, &dz1_i.vector);
        gsl_matrix_free(Drelu);
    }

    // ---- weights: sum_i p1_i (x) dz2_i = p1^T dz2, plus 2 reg W ----
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // ---- biases: dz/db is the identity, sum over the batch ----
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++)
    {
        gsl_vector_const_view r2 = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_const_view r1 = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db2, &r2.vector);
        gsl_vector_add(g->db1, &r1.vector);
    }

    gsl_vector_free(dLdprob);
    g->present = BP_GRADS_ALL;
    return 0;
}
