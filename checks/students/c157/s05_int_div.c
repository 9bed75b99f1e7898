/* HW3 backward pass
 * stack arrays + gsl views, dgemm for the products */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double inv_n = 1 / N;   /* the loss is a mean */

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double dscores[N][C];
    double dhid[N][H];
    double gW2[H][C], gW1[D][H];
    double gb2[C], gb1[H];

    gsl_matrix_view vs = gsl_matrix_view_array(&dscores[0][0], N, C);
    gsl_matrix_view vh = gsl_matrix_view_array(&dhid[0][0], N, H);
    gsl_matrix_view vW2 = gsl_matrix_view_array(&gW2[0][0], H, C);
    gsl_matrix_view vW1 = gsl_matrix_view_array(&gW1[0][0], D, H);
    gsl_vector_view vb2 = gsl_vector_view_array(gb2, C);
    gsl_vector_view vb1 = gsl_vector_view_array(gb1, H);

    /* dscores = (probs - 1{y}) / N */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p -= 1.0;
            dscores[i][j] = p * inv_n;
        }
    }

    /* W2, b2 */
    gsl_matrix_memcpy(&vW2.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &vs.matrix,
                   2.0 * reg, &vW2.matrix);
    for (j = 0; j < C; j++)
    {
        gb2[j] = 0.0;
        for (i = 0; i < N; i++)
            gb2[j] += dscores[i][j];
    }

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &vs.matrix, net->W2,
                   0.0, &vh.matrix);
    gsl_matrix_memcpy(g->dp1, &vh.matrix);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                dhid[i][j] = 0;
    gsl_matrix_memcpy(g->dz1, &vh.matrix);

    /* W1, b1 */
    gsl_matrix_memcpy(&vW1.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &vh.matrix,
                   2.0 * reg, &vW1.matrix);
    for (j = 0; j < H; j++)
    {
        gb1[j] = 0.0;
        for (i = 0; i < N; i++)
            gb1[j] += dhid[i][j];
    }

    /* copy everything out */
    gsl_matrix_memcpy(g->dz2, &vs.matrix);
    gsl_matrix_memcpy(g->dW2, &vW2.matrix);
    gsl_vector_memcpy(g->db2, &vb2.vector);
    gsl_matrix_memcpy(g->dW1, &vW1.matrix);
    gsl_vector_memcpy(g->db1, &vb1.vector);

    g->present = BP_GRADS_ALL;
    return 0;
}
