/* backward.c
   Student: ...
   Two-layer net backprop, HW3

   Notes to self:
     dz2 = (P - Y)/N       (N x C)
     dW2 = h^T dz2 + 2 reg W2
     db2 = sum of dz2
     dh  = dz2 W2^T
     dz1 = dh * (z1>0)
     dW1 = X^T dz1 + 2 reg W1
     db1 = sum of dz1
*/
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double tmp;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        tmp = gsl_matrix_get(g->dz2, i, y[i]) - 1.0;
        gsl_matrix_set(g->dz2, i, y[i], tmp);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 = sum of dz2 */
    for (i = 0; i < net->C; i++) {
        s = 0;
        for (j = 0; j < net->C; j++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, i, s);
    }
    // for (j=0;j<3;j++) printf("db2 %f\n", gsl_vector_get(g->db2, j));

    /* dh */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++)
      for (j = 0; j < net->H; j++) {
        tmp = gsl_matrix_get(cache->z1, i, j);
        if (tmp > 0) tmp = gsl_matrix_get(g->dp1, i, j);
        else tmp = 0;
        gsl_matrix_set(g->dz1, i, j, tmp);
      }

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < net->H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
