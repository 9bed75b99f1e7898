/* backward.c -- the backward pass as the adjoint of the forward program.
 *
 *   z1 = X W1 + b1
 *   p1 = relu(z1)
 *   z2 = p1 W2 + b2
 *   L  = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * adj_z2 etc. are written straight into g.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = column sums of A */
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;
    gsl_matrix *adj_z2 = g->dz2, *adj_W2 = g->dW2, *adj_p1 = g->dp1;
    gsl_matrix *adj_z1 = g->dz1, *adj_W1 = g->dW1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* -log softmax(z2_i)[y_i]  ->  prob_i - onehot(y_i) */
    gsl_matrix_memcpy(adj_z2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(adj_z2, i, y[i], gsl_matrix_get(adj_z2, i, y[i]) - 1.0);

    /* z2 = p1 W2 + b2 */
    gsl_matrix_memcpy(adj_W2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 2.0 * reg, adj_W2);
    sum_rows(adj_z2, g->db2);

    /* (1/N) sum_i : the mean over the batch */
    gsl_matrix_scale(adj_z2, 1.0 / N);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 0.0, adj_p1);

    /* p1 = relu(z1) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(adj_z1, i, j, z > 0 ? gsl_matrix_get(adj_p1, i, j) : 0.0);
        }
    }

    /* z1 = X W1 + b1 */
    gsl_matrix_memcpy(adj_W1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 2.0 * reg, adj_W1);
    sum_rows(adj_z1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
