/* Assignment 4 -- backward pass
 * helpers for the activation derivative and the products */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* derivative of relu */
static double relu_grad(double x)
{
    if (x > 0)
        return x;
    return 0;
}

/* C = A^T B  (A is n x a, B is n x b, C is a x b) */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++) {
        for (j = 0; j < B->size2; j++) {
            double s = 0;
            for (k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(Cm, i, j, s);
        }
    }
}

/* C = A B^T  (A is n x a, B is b x a, C is n x b) */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
    size_t i, j, k;
    for (i = 0; i < A->size1; i++) {
        for (j = 0; j < B->size1; j++) {
            double s = 0;
            for (k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
            gsl_matrix_set(Cm, i, j, s);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax + cross entropy */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j)
                d -= 1;
            gsl_matrix_set(g->dz2, i, j, d / N);
        }
    }

    /* second layer */
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));
    for (j = 0; j < C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* back into the hidden layer */
    matmul_ABt(g->dz2, net->W2, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(g->dp1, i, j) * relu_grad(gsl_matrix_get(cache->z1, i, j)));

    /* first layer */
    matmul_AtB(X, g->dz1, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
