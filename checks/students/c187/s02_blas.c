// Devoir 2 - retropropagation, version avec BLAS
// Auteure : M. Tremblay (matricule 111 222 333)
//
// J'utilise gsl_blas_dgemm pour les produits matriciels et une petite
// fonction pour sommer les colonnes (produit par un vecteur de uns).

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// somme des lignes de A (n x m) dans v (m) : v = A^T * uns
static int somme_colonnes(const gsl_matrix *A, gsl_vector *v) {
    gsl_vector *uns = gsl_vector_alloc(A->size1);
    if (uns == NULL)
        return 1;
    gsl_vector_set_all(uns, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, uns, 0.0, v);
    gsl_vector_free(uns);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // erreur de sortie : dz2 = (softmax - onehot) / N
    gsl_matrix *erreur_sortie = g->dz2;
    gsl_matrix_memcpy(erreur_sortie, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(erreur_sortie, i, y[i]);
        gsl_matrix_set(erreur_sortie, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(erreur_sortie, 1.0 / N);

    // grad_poids2 = p1^T dz2 + 2*reg*W2
    // astuce : on copie W2 et on met beta = 2*reg
    gsl_matrix *grad_poids2 = g->dW2;
    gsl_matrix_memcpy(grad_poids2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, erreur_sortie,
                   2.0 * reg, grad_poids2);

    // db2
    if (somme_colonnes(erreur_sortie, g->db2))
        return 1;

    // dp1 = dz2 * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, erreur_sortie, net->W2,
                   0.0, g->dp1);

    // dz1 = dp1 * (z1 > 0), ligne par ligne avec des vues
    for (i = 0; i < N; i++) {
        gsl_vector_const_view z1_i = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view dp1_i = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);
        for (j = 0; j < net->H; j++) {
            double masque = gsl_vector_get(&z1_i.vector, j) > 0 ? 1.0 : 0.0;
            gsl_vector_set(&dz1_i.vector, j,
                           masque * gsl_vector_get(&dp1_i.vector, j));
        }
    }

    // grad_poids1 = X^T dz1 + 2*reg*W1 (meme astuce)
    gsl_matrix *grad_poids1 = g->dW1;
    gsl_matrix_memcpy(grad_poids1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   grad_poids1);

    // db1
    if (somme_colonnes(g->dz1, g->db1))
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
