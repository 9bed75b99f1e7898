/* HW3 backward pass.
 * matrix helpers first (I reuse them for both layers), then backward(). */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j, n;
    gsl_matrix_set_zero(C);
    for (n = 0; n < A->size1; n++)
        for (i = 0; i < C->size1; i++)
            for (j = 0; j < C->size2; j++)
                *gsl_matrix_ptr(C, i, j) += gsl_matrix_get(A, n, i) * gsl_matrix_get(B, n, j);
}

/* C = A B^T */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j, k;
    gsl_matrix_set_zero(C);
    for (i = 0; i < C->size1; i++)
        for (j = 0; j < C->size2; j++)
            for (k = 0; k < A->size2; k++)
                *gsl_matrix_ptr(C, i, j) += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
}

static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;
    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            *gsl_vector_ptr(s, j) += gsl_matrix_get(A, i, j);
}

static void hadamard(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(C, i, j, gsl_matrix_get(A, i, j) * gsl_matrix_get(B, i, j));
}

/* derivative of relu: 1 if z > 0 else 0 */
static void relu_mask(const gsl_matrix *z, gsl_matrix *m)
{
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(m, i, j, gsl_matrix_get(z, i, j) > 0 ? 1.0 : 0.0);
}

static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            *gsl_matrix_ptr(A, i, j) += s * gsl_matrix_get(B, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *dscores = g->dz2, *dhid = g->dp1, *dhid_pre = g->dz1;
    gsl_matrix *relu_d;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(dscores, i, y[i]) -= 1.0;
    gsl_matrix_scale(dscores, 1.0 / (double)N);

    /* output layer */
    matmul_AtB(cache->p1, dscores, g->dW2);
    add_scaled(g->dW2, net->W2, 2.0 * reg);
    colsum(dscores, g->db2);

    /* back into the hidden layer */
    matmul_ABt(dscores, net->W2, dhid);
    relu_d = gsl_matrix_alloc(N, net->H);
    relu_mask(cache->z1, relu_d);
    hadamard(dhid, relu_d, dhid_pre);
    gsl_matrix_free(relu_d);

    /* input layer */
    matmul_AtB(X, dhid, g->dW1);
    add_scaled(g->dW1, net->W1, 2.0 * reg);
    colsum(dhid_pre, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
