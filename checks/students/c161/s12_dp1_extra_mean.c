// HW4 -- backward pass of the two layer net
// I used row views and gsl_blas_ddot for the dot products
// (row i of one matrix dot row j of another)

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k;
    double dot;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    // scores_grad (N,C): softmax output minus one hot, divided by N
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double pk = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k, (k == y[i] ? pk - 1.0 : pk) / N);
        }
    }

    // W2_grad (H,C): column j of p1 dot column k of scores_grad, plus reg
    for (j = 0; j < H; j++)
    {
        gsl_vector_const_view p1_col = gsl_matrix_const_column(cache->p1, j);
        for (k = 0; k < C; k++)
        {
            gsl_vector_view sg_col = gsl_matrix_column(g->dz2, k);
            gsl_blas_ddot(&p1_col.vector, &sg_col.vector, &dot);
            gsl_matrix_set(g->dW2, j, k, dot + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    // b2_grad (C): sum of column k of scores_grad
    for (k = 0; k < C; k++)
    {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // hidden_grad (N,H): row i of scores_grad dot row j of W2
    // averaged over the batch like the loss
    for (i = 0; i < N; i++)
    {
        gsl_vector_view sg_row = gsl_matrix_row(g->dz2, i);
        for (j = 0; j < H; j++)
        {
            gsl_vector_const_view w2_row = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&sg_row.vector, &w2_row.vector, &dot);
            gsl_matrix_set(g->dp1, i, j, dot / N);
        }
    }

    // relu_grad (N,H): hidden_grad where z1 > 0
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    // W1_grad (D,H): column d of X dot column j of relu_grad, plus reg
    for (k = 0; k < D; k++)
    {
        gsl_vector_const_view x_col = gsl_matrix_const_column(X, k);
        for (j = 0; j < H; j++)
        {
            gsl_vector_view rg_col = gsl_matrix_column(g->dz1, j);
            gsl_blas_ddot(&x_col.vector, &rg_col.vector, &dot);
            gsl_matrix_set(g->dW1, k, j, dot + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    // b1_grad (H): sum of column j of relu_grad
    for (j = 0; j < H; j++)
    {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
