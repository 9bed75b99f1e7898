/*****************************************************************
 *  Deep Learning Lab  -  Program 5
 *  Backward pass of the 2 layer network, one function per gradient
 *  Name : Aditya Verma      Roll : 2019UCS1577
 *****************************************************************/
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void find_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i, j, N = prob->size1;
    for (i = 0; i < N; i++)
        for (j = 0; j < prob->size2; j++) {
            double t = gsl_matrix_get(prob, i, j);
            if (j == y[i]) t -= 1;
            gsl_matrix_set(dz2, i, j, t / N);
        }
}

/* dW = A^T dZ + 2 reg W */
static void find_dW(const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
                    double reg, gsl_matrix *dW)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++)
        for (j = 0; j < dZ->size2; j++) {
            double t = 0;
            for (k = 0; k < A->size1; k++)
                t += gsl_matrix_get(A, k, i) * gsl_matrix_get(dZ, k, j);
            gsl_matrix_set(dW, i, j, t + 2 * reg * gsl_matrix_get(W, i, j));
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k, N = X->size1, H = net->H, C = net->C;
    double t;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1 */
    find_dz2(cache->prob, y, g->dz2);
    /* 2 */
    find_dW(cache->p1, g->dz2, net->W2, reg, g->dW2);
    /* 3  db2 : average of dz2 over the batch */
    for (j = 0; j < C; j++) {
        t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, t / N);
    }
    /* 4 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            t = 0;
            for (k = 0; k < C; k++)
                t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, t);
        }
    /* 5 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
    /* 6 */
    find_dW(X, g->dz1, net->W1, reg, g->dW1);
    /* 7 */
    for (j = 0; j < H; j++) {
        t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
